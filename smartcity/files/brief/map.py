"""The brief's static map: regions, towns coloured by readiness, and labels that do not collide.

Each labelled town gets its name and score in the brief's language. Labels are placed greedily,
best-ranked town first, at the first of eight positions around the dot whose box overlaps no
label or dot already placed (else the least overlapping one). With many towns only the best
and the worst few are labelled.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.cm import ScalarMappable
from matplotlib.colors import BoundaryNorm, ListedColormap
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from smartcity import geo
from smartcity.files.brief.layout import printable
from smartcity.i18n.catalog import format_percent, translate
from smartcity.i18n.labels import city_name, instrument_name
from smartcity.model import Dataset
from smartcity.scenario import Scenario
from smartcity.scoring import score
from smartcity.views.colors import NO_DATA_COLOR, band_color, band_palette
from smartcity.views.mapview import city_region, placement_problem

MAP_DPI = 160
MAP_SIZE = (8.0, 4.3)
LABEL_ALL_UP_TO = 12
"""Up to this many towns every town is labelled; beyond, only the best and worst LABEL_EACH_END."""
LABEL_EACH_END = 5
_OFFSETS = ((7, 5), (7, -12), (-7, 5), (-7, -12), (0, 10), (0, -16), (12, -3), (-12, -3))
_FAR = 2.6
"""When the near positions are taken, the offsets are tried this many times farther, with a leader line."""
"""Label offsets from a dot, in points: up or down on the right, then on the left, above, below, beside."""


@dataclass(frozen=True)
class MapTown:
    """A town drawn on the map: where, its label, its colour, and its rank (None: not scored)."""

    latitude: float
    longitude: float
    label: str
    color: str
    rank: int | None


def map_towns(dataset: Dataset, scenario: Scenario, instrument_id: str, language: str) -> list[MapTown]:
    """The scenario's towns that can be drawn, best-ranked first, each labelled "Name 53%"."""
    table = score(dataset, scenario)
    towns = []
    for city in scenario.cities(dataset):
        if placement_problem(city) is not None or city.latitude is None or city.longitude is None:
            continue
        result = table.get(city.id, instrument_id)
        percent = "—" if result is None else format_percent(result.percent, language)
        towns.append(
            MapTown(
                city.latitude,
                city.longitude,
                f"{printable(city_name(dataset, scenario, city.id, language))} {percent}",
                NO_DATA_COLOR if result is None else band_color(dataset.bands, result.band),
                None if result is None else result.rank,
            )
        )
    return sorted(towns, key=lambda town: (town.rank is None, town.rank or 0))


def labelled(towns: list[MapTown]) -> list[MapTown]:
    """Every town when there are few; else the best and the worst LABEL_EACH_END of the ranked ones."""
    if len(towns) <= LABEL_ALL_UP_TO:
        return towns
    ranked = [town for town in towns if town.rank is not None]
    return ranked[:LABEL_EACH_END] + ranked[-LABEL_EACH_END:]


def static_map(dataset: Dataset, scenario: Scenario, instrument_id: str, language: str) -> bytes:
    """A PNG map of Kazakhstan's regions with the towns coloured by readiness (0-100%) and labelled."""
    figure, _ = map_figure(dataset, scenario, instrument_id, language)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", bbox_inches="tight", pad_inches=0.04)
    return buffer.getvalue()


def map_figure(
    dataset: Dataset, scenario: Scenario, instrument_id: str, language: str
) -> tuple[Figure, list[Bbox]]:
    """The map as a matplotlib figure, with the boxes its labels take (display coordinates)."""
    towns = map_towns(dataset, scenario, instrument_id, language)
    figure = Figure(figsize=MAP_SIZE, dpi=MAP_DPI, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    regions = geo.load_regions()
    assessed = {city_region(city) for city in scenario.cities(dataset)}
    regions.plot(ax=axes, color="#f1f1f1", edgecolor="#9a9a9a", linewidth=0.6)
    regions[regions["iso"].isin(assessed)].plot(ax=axes, color="#d3e0f1", edgecolor="#3b5b8c", linewidth=1.1)
    geo.load_outline().boundary.plot(ax=axes, color="#333333", linewidth=1.2)
    size = 110 if len(towns) <= LABEL_ALL_UP_TO else 40
    for town in reversed(towns):  # the best-ranked dots end on top
        axes.scatter(town.longitude, town.latitude, s=size, c=town.color, edgecolors="#222222", zorder=3)
    axes.set_aspect(1.5)  # about 1 / cos(48°): degrees of longitude are shorter than of latitude here
    axes.set_axis_off()
    palette = band_palette(dataset.bands)  # the bands' colours, as on the app's map
    limits = [entry.min_percent for entry in palette] + [palette[-1].max_percent]
    bands = ScalarMappable(BoundaryNorm(limits, len(palette)), ListedColormap([e.color for e in palette]))
    colour_bar = figure.colorbar(bands, ax=axes, shrink=0.75, pad=0.01, ticks=limits)
    short = instrument_name(dataset, instrument_id, language, short=True)
    colour_bar.set_label(translate("brief.map_legend", language, instrument=short))
    figure.draw_without_rendering()
    figure.set_layout_engine("none")  # freeze the layout so the label boxes measured below stay put
    return figure, _place_labels(axes, labelled(towns), towns)


def _place_labels(axes: Axes, chosen: list[MapTown], towns: list[MapTown]) -> list[Bbox]:
    """Label the chosen towns, each at the free position around its dot that overlaps least; their boxes."""
    renderer = axes.figure.canvas.get_renderer()  # type: ignore[attr-defined]
    frame = axes.get_window_extent(renderer)
    dots = [_dot_box(axes, town) for town in towns]
    placed: list[Bbox] = []
    halo = [patheffects.withStroke(linewidth=3, foreground="white")]
    for town in chosen:
        best: tuple[float, Bbox, object] | None = None
        candidates = [(dx, dy, False) for dx, dy in _OFFSETS] + [
            (dx * _FAR, dy * _FAR, True) for dx, dy in _OFFSETS
        ]
        for dx, dy, far in candidates:
            text = axes.annotate(
                town.label,
                (town.longitude, town.latitude),
                xytext=(dx, dy),
                textcoords="offset points",
                ha="left" if dx > 0 else "right" if dx < 0 else "center",
                fontsize=10,
                path_effects=halo,
                zorder=4,
                arrowprops={"arrowstyle": "-", "color": "#555555", "linewidth": 0.6} if far else None,
            )
            # The text's own box: an annotation's box would include its leader line.
            text.update_positions(renderer)
            box = Text.get_window_extent(text, renderer).expanded(1.06, 1.15)
            overlap = sum(_area(box, other) for other in dots + placed) + _outside(box, frame)
            if best is None or overlap < best[0]:
                if best is not None:
                    best[2].remove()  # type: ignore[attr-defined]
                best = (overlap, box, text)
            else:
                text.remove()
            if overlap == 0:
                break
        assert best is not None
        placed.append(best[1])
    return placed


def _dot_box(axes: Axes, town: MapTown) -> Bbox:
    x, y = axes.transData.transform((town.longitude, town.latitude))
    radius = 5.0
    return Bbox.from_extents(x - radius, y - radius, x + radius, y + radius)


def _area(box: Bbox, other: Bbox) -> float:
    """The area two boxes share (0 when apart)."""
    width = min(box.x1, other.x1) - max(box.x0, other.x0)
    height = min(box.y1, other.y1) - max(box.y0, other.y0)
    return max(width, 0.0) * max(height, 0.0)


def _outside(box: Bbox, frame: Bbox) -> float:
    """How much of a box lies outside the map's frame (its area minus the part inside)."""
    return box.width * box.height - _area(box, frame)
