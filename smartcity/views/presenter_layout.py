"""Presenter slides sized to the screen: the type scales with the window, the map and the radar take the
height that is left, so that every slide fits 1280×720 and 1920×1080 without scrolling."""

from __future__ import annotations

from dataclasses import dataclass

from smartcity.views import legend
from smartcity.views.presenter import MAX_CHANGE_LINES

ROOT_FONT_VH = 2.9
ROOT_FONT_VW = 1.7
"""The root font size is the smaller of these percents of the window's height and width."""
DEFAULT_VIEWPORT = (1280, 720)
"""Assumed until the browser reports its size: the smallest screen the slides are made for."""
PADDING_TOP_REM = 0.9
PADDING_BOTTOM_REM = 0.6
BAR_REM = 2.7
"""The title bar: the slide's title and the Previous, position, Next and Exit controls."""
GAP_REM = 1.0
"""Streamlit's gap between two elements."""
SHOW_DATA_REM = 2.4
"""The radar's closed "Show data" expander."""
TABLE_ROW_REM = 2.4
"""A markdown table's row (and its header) at the slides' 1rem type."""
WHAT_IF_TYPE = 1.2
"""The what-if slide's type, in rem: its list of changes and its table."""
LINE_REM = 1.6
"""A line of the what-if slide's list of changes, at 1rem."""
LEGEND_PX = 84
"""The map's band legend without its rows of town names (fixed pixel sizes: views/legend.py)."""
SLACK_PX = 8
MIN_CHART_PX = 240


@dataclass(frozen=True)
class SlideSizes:
    """Pixel sizes for one window: the root font, the map's and the radar's heights."""

    font_px: float
    map_height: int
    radar_height: int
    table_rows: int
    """Rows under a table's header that fit on the map and what-if slides (at least one)."""


def root_font_px(width: int, height: int) -> float:
    """The root font size the presenter's CSS gives a window of this size."""
    return min(height * ROOT_FONT_VH, width * ROOT_FONT_VW) / 100


def slide_sizes(viewport: tuple[int, int] | None, legend_rows: int) -> SlideSizes:
    """The sizes that fill a window of ``viewport`` (width, height) without scrolling, under the map
    a legend with ``legend_rows`` rows of town names."""
    width, height = viewport or DEFAULT_VIEWPORT
    rem = root_font_px(width, height)
    frame = (PADDING_TOP_REM + BAR_REM + GAP_REM + PADDING_BOTTOM_REM) * rem + SLACK_PX
    map_height = height - frame - GAP_REM * rem - LEGEND_PX - legend_rows * legend.ROW_HEIGHT
    radar_height = height - frame - (GAP_REM + SHOW_DATA_REM) * rem
    listed = (MAX_CHANGE_LINES * LINE_REM + GAP_REM / WHAT_IF_TYPE) * rem * WHAT_IF_TYPE
    table_rows = (height - frame - listed) / (TABLE_ROW_REM * rem * WHAT_IF_TYPE) - 1
    return SlideSizes(
        rem, max(MIN_CHART_PX, int(map_height)), max(MIN_CHART_PX, int(radar_height)), max(1, int(table_rows))
    )
