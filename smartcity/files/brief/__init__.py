"""The PDF brief of a scenario, in a given language, and the static map it contains.

Text is set in DejaVu Sans, which matplotlib ships and which covers Kazakh and Russian Cyrillic
(ә ғ қ ң ө ұ ү һ і); fpdf2 embeds the glyphs used.
"""

from smartcity.files.brief.layout import printable
from smartcity.files.brief.map import static_map
from smartcity.files.brief.pdf import default_figures, pdf_brief

__all__ = ["default_figures", "pdf_brief", "printable", "static_map"]
