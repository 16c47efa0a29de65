"""The PDF brief of a scenario, in the scenario's language, and the static map it contains.

The brief holds the title, date and scenario name, what the scenario changes, a static map of
the regions and cities, the radar charts, the score tables, the narrative, the Monte Carlo
uncertainty summary and the sources. Text is set in DejaVu Sans, which matplotlib ships and
which covers Kazakh and Russian Cyrillic (ә ғ қ ң ө ұ ү һ і); fpdf2 embeds the glyphs used.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import matplotlib
import plotly.graph_objects as go
from babel.dates import format_date
from fpdf import FPDF
from fpdf.fonts import FontFace
from matplotlib import patheffects
from matplotlib.cm import ScalarMappable
from matplotlib.colors import Normalize
from matplotlib.figure import Figure

from smartcity import geo
from smartcity.analysis.compare import changes
from smartcity.analysis.narrative import narrative
from smartcity.analysis.uncertainty import UncertaintySettings, uncertainty_summary
from smartcity.data import DATA_DIR
from smartcity.files.export import figure_images
from smartcity.i18n.catalog import format_number, format_percent, format_score, format_signed, translate
from smartcity.i18n.labels import band_name, city_name, instrument_name, method_name, note_text
from smartcity.model import Dataset
from smartcity.scenario import Scenario
from smartcity.scoring import COMPOSITE, score
from smartcity.views import mapview
from smartcity.views.charts import radar
from smartcity.views.colors import DOMAIN

FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
FONT_FAMILY = "DejaVuSans"
SOURCES_PATH = DATA_DIR / "SOURCES.md"
MAP_DPI = 160
CHART_WIDTH, CHART_HEIGHT = 900, 620
_NOT_PRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def static_map(dataset: Dataset, scenario: Scenario, instrument_id: str, language: str) -> bytes:
    """A PNG map of Kazakhstan's regions with the scenario's cities coloured by readiness (0-100%)."""
    table = score(dataset, scenario)
    markers = mapview.drawn_markers(mapview.city_markers(dataset, scenario, table, instrument_id, language))
    assessed = {marker.region_iso for marker, _ in markers}
    regions = geo.load_regions()
    figure = Figure(figsize=(8, 4.6), dpi=MAP_DPI, layout="constrained")
    axes = figure.add_subplot()
    regions.plot(ax=axes, color="#f1f1f1", edgecolor="#9a9a9a", linewidth=0.6)
    regions[regions["iso"].isin(assessed)].plot(ax=axes, color="#d3e0f1", edgecolor="#3b5b8c", linewidth=1.1)
    geo.load_outline().boundary.plot(ax=axes, color="#333333", linewidth=1.2)
    halo = [patheffects.withStroke(linewidth=3, foreground="white")]
    for marker, (latitude, longitude) in markers:
        axes.scatter(longitude, latitude, s=110, c=marker.color, edgecolors="#222222", zorder=3)
        score_text = "—" if marker.percent is None else format_percent(marker.percent, language)
        axes.annotate(
            f"{printable(marker.name)} ({score_text})",
            (longitude, latitude),
            xytext=(7, 6),
            textcoords="offset points",
            fontsize=9,
            path_effects=halo,
            zorder=4,
        )
    axes.set_aspect(1.5)  # about 1 / cos(48°): degrees of longitude are shorter than of latitude here
    axes.set_axis_off()
    colour_bar = figure.colorbar(
        ScalarMappable(norm=Normalize(*DOMAIN), cmap="viridis"), ax=axes, shrink=0.7, pad=0.01
    )
    colour_bar.set_label(
        translate("brief.map_legend", language, instrument=_short(dataset, instrument_id, language))
    )
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def default_figures(dataset: Dataset, scenario: Scenario, language: str) -> list[go.Figure]:
    """The radar chart of every instrument with every city, as the radar page draws them."""
    city_ids = tuple(city.id for city in scenario.cities(dataset))
    return [radar(dataset, scenario, i, city_ids, language).figure for i in dataset.instrument_ids]


def pdf_brief(
    dataset: Dataset,
    scenario: Scenario,
    name: str,
    figures: Sequence[go.Figure] | None = None,
    on: date | None = None,
) -> bytes:
    """The brief as PDF bytes; ``figures`` default to the radar charts of every instrument."""
    language = scenario.language
    figures = default_figures(dataset, scenario, language) if figures is None else figures
    images = figure_images(figures, "png", CHART_WIDTH, CHART_HEIGHT, scale=2) if figures else []
    document = _Document(language)
    document.add_page()
    _cover(document, dataset, scenario, name, on or date.today())
    document.heading(translate("brief.map", language))
    document.image(io.BytesIO(static_map(dataset, scenario, COMPOSITE, language)), w=document.epw)
    document.paragraph(translate("brief.map_caption", language), size=8)
    document.heading(translate("brief.tables", language))
    for instrument_id in (*dataset.instrument_ids, COMPOSITE):
        _score_table(document, dataset, scenario, instrument_id)
    if images:
        document.add_page()
        document.heading(translate("brief.charts", language))
        for image in images:
            document.image(io.BytesIO(image), w=document.epw * 0.8, x=document.l_margin + document.epw * 0.1)
    document.heading(translate("brief.narrative", language))
    for sentence in narrative(dataset, scenario, language):
        document.paragraph(f"• {sentence}")
    _uncertainty(document, dataset, scenario, UncertaintySettings())
    _sources(document, dataset)
    return bytes(document.output())


def printable(text: str) -> str:
    """User text without control characters (a PDF or a chart cannot show them)."""
    return _NOT_PRINTABLE.sub("", unicodedata.normalize("NFC", text))


class _Document(FPDF):
    """An A4 page layout with the embedded font, headings and a page-numbered footer."""

    def __init__(self, language: str) -> None:
        super().__init__(format="A4")
        self.language = language
        self.add_font(FONT_FAMILY, "", str(FONT_DIR / "DejaVuSans.ttf"))
        self.add_font(FONT_FAMILY, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        self.set_font(FONT_FAMILY, size=10)
        self.set_lang(language)
        self.set_auto_page_break(auto=True, margin=16)
        self.alias_nb_pages()

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT_FAMILY, size=8)
        text = translate("brief.page", self.language, page=self.page_no(), pages="{nb}")
        self.cell(0, 6, text, align="C")

    def heading(self, text: str, size: int = 14) -> None:
        self.ln(3)
        self.set_font(FONT_FAMILY, "B", size)
        self.multi_cell(0, size * 0.5, printable(text), new_x="LMARGIN", new_y="NEXT")
        self.set_font(FONT_FAMILY, size=10)
        self.ln(1)

    def paragraph(self, text: str, size: int = 10) -> None:
        self.set_font(FONT_FAMILY, size=size)
        self.multi_cell(0, size * 0.5, printable(text), new_x="LMARGIN", new_y="NEXT")
        self.set_font(FONT_FAMILY, size=10)
        self.ln(1)


def _cover(document: _Document, dataset: Dataset, scenario: Scenario, name: str, on: date) -> None:
    language = scenario.language
    document.set_title(printable(translate("brief.title", language)))
    document.heading(translate("brief.title", language), size=20)
    cities = [city_name(dataset, scenario, c.id, language) for c in scenario.cities(dataset)]
    document.paragraph(translate("brief.subtitle", language, cities=", ".join(cities)), size=11)
    document.paragraph(translate("brief.date", language, date=format_date(on, "long", locale=language)))
    document.paragraph(translate("brief.scenario", language, name=name))
    document.paragraph(translate("brief.method", language, method=method_name(scenario.method, language)))
    document.heading(translate("brief.changes", language), size=12)
    for line in changes(dataset, scenario, language) or [translate("brief.no_changes", language)]:
        document.paragraph(f"• {line}")


def _score_table(document: _Document, dataset: Dataset, scenario: Scenario, instrument_id: str) -> None:
    language = scenario.language
    table = score(dataset, scenario)
    document.heading(instrument_name(dataset, instrument_id, language), size=11)
    header = [translate(f"export.col.{c}", language) for c in ("rank", "city", "total", "percent", "band")]
    header.append(translate("brief.col.change", language))
    with document.table(
        col_widths=(10, 40, 20, 18, 22, 30),
        text_align=("CENTER", "LEFT", "RIGHT", "RIGHT", "LEFT", "RIGHT"),
        headings_style=FontFace(emphasis="BOLD", fill_color=(230, 236, 245)),
        line_height=6,
    ) as grid:
        grid.row([printable(text) for text in header])
        for result in table.ranking(instrument_id):
            total = (
                "—"
                if result.total is None
                else f"{format_score(result.total, language)} / {format_score(result.maximum or 0, language)}"
            )
            change = "—" if result.delta_percent is None else _signed(result.delta_percent, language)
            grid.row(
                [
                    str(result.rank),
                    printable(city_name(dataset, scenario, result.city_id, language)),
                    total,
                    format_percent(result.percent, language, 1),
                    band_name(result.band, language),
                    change,
                ]
            )
    document.ln(2)


def _uncertainty(
    document: _Document, dataset: Dataset, scenario: Scenario, settings: UncertaintySettings
) -> None:
    language = scenario.language
    document.heading(translate("brief.uncertainty", language))
    document.paragraph(
        translate(
            "brief.uncertainty_intro",
            language,
            draws=format_number(settings.draws, language),
            seed=settings.seed,
            noise=format_number(settings.score_noise, language, 1),
            weight=format_percent(settings.weight_noise * 100, language),
        )
    )
    header = [translate(f"brief.col.{c}", language) for c in ("city", "median", "interval", "first")]
    for instrument_id in (*dataset.instrument_ids, COMPOSITE):
        summary = uncertainty_summary(dataset, scenario, instrument_id, settings)
        document.heading(instrument_name(dataset, instrument_id, language), size=11)
        with document.table(
            col_widths=(40, 20, 30, 25),
            text_align=("LEFT", "RIGHT", "RIGHT", "RIGHT"),
            headings_style=FontFace(emphasis="BOLD", fill_color=(230, 236, 245)),
            line_height=6,
        ) as grid:
            grid.row([printable(text) for text in header])
            for index, city_id in enumerate(summary.city_ids):
                # numpy floats become Python floats: format_number rounds via repr().
                low, high = float(summary.p05[index]), float(summary.p95[index])
                grid.row(
                    [
                        printable(city_name(dataset, scenario, city_id, language)),
                        format_percent(float(summary.median[index]), language, 1),
                        f"{format_number(low, language, 1)}–{format_percent(high, language, 1)}",
                        format_percent(float(summary.rank_probability[index, 0]) * 100, language),
                    ]
                )
        document.ln(2)


def _sources(document: _Document, dataset: Dataset) -> None:
    language = document.language
    document.heading(translate("brief.sources", language))
    for note in dataset.notes:
        document.paragraph(f"• {note_text(note, language)}", size=9)
    if language != "en":
        document.paragraph(translate("brief.sources_english", language), size=9)
    for line in _plain_markdown(SOURCES_PATH.read_text(encoding="utf-8")):
        document.paragraph(line, size=8)


def _plain_markdown(text: str) -> list[str]:
    """SOURCES.md as plain lines: headings and table rows kept, markup and table rules dropped."""
    lines = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or re.fullmatch(r"\|?[\s:|-]+\|?", line):
            continue
        if line.startswith("|"):
            line = " — ".join(cell.strip() for cell in line.strip("|").split("|"))
        lines.append(re.sub(r"[*`#]+", "", line).strip())
    return lines


def _short(dataset: Dataset, instrument_id: str, language: str) -> str:
    return instrument_name(dataset, instrument_id, language, short=True)


def _signed(points: float, language: str) -> str:
    return translate("brief.points", language, value=format_signed(points, language))
