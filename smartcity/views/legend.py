"""The map's legend as one HTML fragment: the readiness bands as a bar, and a mark for each town.

Every scored town gets a tick at its percent on the bar; the named ones (all of them when there
are few, else the selected town and the best and worst few) also get "Shu · 43%" above the bar,
stacked in rows so that close percents (31% and 34%) do not overprint. Names are escaped: the
ui renders the fragment as it is.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from smartcity.i18n.catalog import format_percent
from smartcity.i18n.labels import band_name
from smartcity.model import Band
from smartcity.views import labels
from smartcity.views.colors import DARK_TEXT, DOMAIN, LIGHT_TEXT, BandColor, band_palette, text_color_on
from smartcity.views.mapview import LABEL_REFERENCE_WIDTH, CityMarker, label_text, required_labels

FONT_SIZE = 12
FONT_FAMILY = "'DejaVu Sans',Verdana,sans-serif"
"""The font the names are measured in (labels.text_width), asked for first."""
ROW_HEIGHT = 18
BAR_HEIGHT = 26
TICK_DEPTH = 7
"""How far a tick reaches into the bar (the band's name sits below it)."""
NAME_PADDING = 6
"""Pixels of room beside each name, so that neighbours in a row keep apart."""
FLAG_GAP = 4
"""Pixels between a tick and its name."""
BAND_FONT_SIZES = (11, 10, 9)
"""Sizes of a band's name in the bar, largest first."""
BAND_PADDING = 2
"""Pixels of a band kept clear of its name."""
ALL_NAMED_UP_TO = 12
"""Up to this many scored towns every mark is named; beyond it only the required towns are."""
NAME_CHARACTERS = 16
"""Longer town names are shortened to this many characters (with "…") in the legend."""


@dataclass(frozen=True)
class TownMark:
    """A town's mark on the legend: its percent and, when named, its text, row and side."""

    city_id: str
    percent: float
    text: str = ""
    row: int = -1
    """0 is the row just above the bar; -1 for an unnamed tick."""
    side: str = "right"
    """Which side of its tick the name hangs, like a flag: "right" or "left"."""
    width: float = 0.0

    def box(self) -> labels.Box:
        """The name's rectangle at the reference width (x along the bar, y upwards from it, negated)."""
        return _name_box(self.percent, self.width, self.row, self.side)


def short_name(name: str) -> str:
    """The town's name, shortened with "…" when longer than NAME_CHARACTERS."""
    return name if len(name) <= NAME_CHARACTERS else name[: NAME_CHARACTERS - 1] + "…"


def _name_box(percent: float, width: float, row: int, side: str) -> labels.Box:
    x = _tick_x(percent)
    left = x + FLAG_GAP if side == "right" else x - FLAG_GAP - width
    return labels.Box(left, -(row + 1) * ROW_HEIGHT, left + width, -row * ROW_HEIGHT)


def town_marks(markers: Iterable[CityMarker], language: str, selected: str | None = None) -> list[TownMark]:
    """The legend's marks, one per scored town, lowest percent first. Named marks take the lowest
    row and side where the name stays on the bar, overlaps no other name, crosses no other tick,
    and (when possible) its own tick crosses no lower name."""
    scored = sorted((m for m in markers if m.percent is not None), key=lambda m: m.percent or 0.0)
    named = (
        {marker.city_id for marker in scored}
        if len(scored) <= ALL_NAMED_UP_TO
        else set(required_labels(scored, selected))
    )
    marks: list[TownMark] = []
    percents = [float(marker.percent or 0.0) for marker in scored]
    for index, marker in enumerate(scored):
        percent = percents[index]
        if marker.city_id not in named:
            marks.append(TownMark(marker.city_id, percent))
            continue
        text = label_text(replace(marker, name=short_name(marker.name)), language)
        width = labels.text_width(text, FONT_SIZE) + NAME_PADDING
        later = [other for other in percents[index + 1 :] if other != percent]
        marks.append(_flag(marks, TownMark(marker.city_id, percent, text, 0, "right", width), later))
    return marks


def _flag(marks: Sequence[TownMark], mark: TownMark, later: Sequence[float]) -> TownMark:
    """``mark`` at the lowest row and side that suits the named ``marks`` already placed,
    preferring a name that no tick still to come (at the percents ``later``) can run through."""
    named = [other for other in marks if other.text]
    options = [
        replace(mark, row=row, side=side) for row in range(len(named) + 1) for side in ("left", "right")
    ]
    on_bar = [
        option for option in options if option.box().left >= 0 and option.box().right <= LABEL_REFERENCE_WIDTH
    ]
    fitting = [option for option in on_bar or options if all(_apart(option, other) for other in named)]
    strict = [option for option in fitting if all(not _crosses(option, other) for other in named)]
    clear = [option for option in strict if not any(_covers(option.box(), percent) for percent in later)]
    return (clear or strict or fitting)[0]


def _covers(box: labels.Box, percent: float) -> bool:
    return box.left <= _tick_x(percent) <= box.right


def _apart(mark: TownMark, other: TownMark) -> bool:
    """Whether two names neither overlap nor have the other's tick running through them."""
    box, other_box = mark.box(), other.box()
    if box.overlaps(other_box):
        return False
    return not (other.row > mark.row and _covers(box, other.percent))


def _crosses(mark: TownMark, lower: TownMark) -> bool:
    """Whether ``mark``'s tick runs up through the name of ``lower``, a mark in a lower row."""
    return lower.row < mark.row and _covers(lower.box(), mark.percent)


def _tick_x(percent: float) -> float:
    """A percent's place along the bar in pixels at the reference width."""
    return _position(percent) / 100 * LABEL_REFERENCE_WIDTH


def legend_html(
    markers: Iterable[CityMarker],
    bands: Iterable[Band],
    title: str,
    language: str,
    selected: str | None = None,
) -> str:
    """The legend as an HTML fragment: ``title``, the named towns, the band bar with a tick per
    town at its percent, and the bands' limits below it."""
    palette = band_palette(bands)
    marks = town_marks(markers, language, selected)
    rows = max((mark.row + 1 for mark in marks), default=0)
    limits = sorted({entry.min_percent for entry in palette} | {DOMAIN[1]})
    bar = (
        '<div class="smartcity-legend-bar" style="position:absolute;left:0;right:0;bottom:0;'
        f'height:{BAR_HEIGHT}px;display:flex;outline:1px solid #4d4d4d">'
        + "".join(_segment(entry, language) for entry in palette)
        + "</div>"
    )
    return (
        f'<div class="smartcity-legend" style="font:{FONT_SIZE}px/1.4 {FONT_FAMILY};'
        f'color:{DARK_TEXT};margin:4px 0 8px">'
        f'<div class="smartcity-legend-title" style="font-size:13px">{html.escape(title)}</div>'
        f'<div style="position:relative;height:{rows * ROW_HEIGHT + BAR_HEIGHT}px">'
        + "".join(_name(mark) for mark in marks if mark.text)
        + bar
        + "".join(_tick(mark) for mark in marks)
        + '</div><div class="smartcity-legend-scale" style="position:relative;height:16px;font-size:11px">'
        + "".join(_limit(percent, language) for percent in limits)
        + "</div></div>"
    )


def _position(percent: float) -> float:
    """A percent's place along the bar, as a CSS percentage of its width."""
    return (percent - DOMAIN[0]) / (DOMAIN[1] - DOMAIN[0]) * 100


def _segment(entry: BandColor, language: str) -> str:
    """A band's stretch of the bar, in its colour, with its name in contrasting text, in a smaller size
    where the band is narrow (a name that still does not fit ends in "…", its tooltip whole)."""
    name = band_name(entry.band_id, language)
    shown = html.escape(name)
    share = _position(entry.max_percent) - _position(entry.min_percent)
    return (
        f'<div class="smartcity-legend-band" data-band="{html.escape(entry.band_id)}" title="{shown}" '
        f'style="flex:0 0 {share:g}%;'
        f"background:{entry.color};color:{text_color_on(entry.color)};overflow:hidden;"
        f"white-space:nowrap;text-overflow:ellipsis;text-align:center;"
        f"font:{band_font_size(name, share)}px/{BAR_HEIGHT - TICK_DEPTH}px {FONT_FAMILY};"
        f'padding-top:{TICK_DEPTH}px">{shown}</div>'
    )


def band_font_size(name: str, share: float) -> int:
    """The largest of BAND_FONT_SIZES at which ``name`` fits a band of ``share`` percent of the bar at
    the reference width (the smallest when none does)."""
    room = share / 100 * LABEL_REFERENCE_WIDTH - BAND_PADDING
    return next(
        (size for size in BAND_FONT_SIZES if labels.text_width(name, size) <= room), BAND_FONT_SIZES[-1]
    )


def _tick(mark: TownMark) -> str:
    """A town's tick: up through the bar and on to its name's row (a short stub when unnamed)."""
    height = TICK_DEPTH + (mark.row * ROW_HEIGHT + ROW_HEIGHT - 2 if mark.text else ROW_HEIGHT // 3)
    return (
        f'<span class="smartcity-legend-tick" data-city="{html.escape(mark.city_id)}" '
        f'data-percent="{mark.percent:.4f}" aria-hidden="true" style="position:absolute;'
        f"left:{_position(mark.percent):.4f}%;bottom:{BAR_HEIGHT - TICK_DEPTH}px;width:2px;margin-left:-1px;"
        f"height:{height}px;"
        f'background:{DARK_TEXT};box-shadow:0 0 0 1px {LIGHT_TEXT}"></span>'
    )


def _name(mark: TownMark) -> str:
    """A town's name and percent beside the top of its tick, like a flag."""
    position = _position(mark.percent)
    edge = (
        f"left:calc({position:.4f}% + {FLAG_GAP}px)"
        if mark.side == "right"
        else (f"right:calc({100 - position:.4f}% + {FLAG_GAP}px)")
    )
    return (
        f'<span class="smartcity-legend-town" data-city="{html.escape(mark.city_id)}" '
        f'data-side="{mark.side}" style="position:absolute;bottom:{BAR_HEIGHT + mark.row * ROW_HEIGHT}px;'
        f'{edge};height:{ROW_HEIGHT}px;white-space:nowrap;font-weight:700">{html.escape(mark.text)}</span>'
    )


def _limit(percent: float, language: str) -> str:
    """A band limit under the bar: centred on it, or aligned to the bar's end at 0% and 100%."""
    position = _position(percent)
    shift = 0 if position <= 0 else 100 if position >= 100 else 50
    return (
        f'<span style="position:absolute;left:{position:g}%;transform:translateX(-{shift}%)">'
        f"{html.escape(format_percent(percent, language))}</span>"
    )
