"""The readiness colour scale: viridis on a fixed 0-100% domain, so a colour means the same in every scenario.

Viridis is sequential (its lightness rises steadily) and stays readable with the common
colour-vision deficiencies and in greyscale. Colours between the stops are interpolated linearly.
"""

from __future__ import annotations

import math

DOMAIN = (0.0, 100.0)
VIRIDIS_STOPS: tuple[str, ...] = (
    "#440154",
    "#482475",
    "#414487",
    "#355f8d",
    "#2a788e",
    "#21918c",
    "#22a884",
    "#44bf70",
    "#7ad151",
    "#bddf26",
    "#fde725",
)
"""matplotlib's viridis at 0%, 10%, ..., 100%."""
NO_DATA_COLOR = "#9e9e9e"
"""Grey for a city without a score on the chosen instrument."""


def hex_to_rgb(color: str) -> tuple[int, int, int]:
    """``"#rrggbb"`` -> (r, g, b) with 0-255 channels."""
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)


def rgb_to_hex(rgb: tuple[float, float, float]) -> str:
    """(r, g, b) with 0-255 channels -> ``"#rrggbb"`` (channels rounded)."""
    return "#" + "".join(f"{max(0, min(255, round(channel))):02x}" for channel in rgb)


def color_for_percent(percent: float) -> str:
    """The scale's colour for a readiness percent (clamped to 0-100) as ``#rrggbb``."""
    if not math.isfinite(percent):
        raise ValueError(f"not a finite percent: {percent!r}")
    low, high = DOMAIN
    position = (min(max(percent, low), high) - low) / (high - low) * (len(VIRIDIS_STOPS) - 1)
    index = min(int(position), len(VIRIDIS_STOPS) - 2)
    fraction = position - index
    start, end = hex_to_rgb(VIRIDIS_STOPS[index]), hex_to_rgb(VIRIDIS_STOPS[index + 1])
    red, green, blue = (a + (b - a) * fraction for a, b in zip(start, end, strict=True))
    return rgb_to_hex((red, green, blue))


def legend_stops(count: int = 5) -> list[tuple[float, str]]:
    """``count`` evenly spaced (percent, colour) pairs from 0% to 100%, for a legend."""
    if count < 2:
        raise ValueError("a legend needs at least 2 stops")
    low, high = DOMAIN
    percents = [low + (high - low) * i / (count - 1) for i in range(count)]
    return [(percent, color_for_percent(percent)) for percent in percents]


def css_gradient(direction: str = "to right") -> str:
    """The whole scale as a CSS ``linear-gradient`` (for a legend bar)."""
    last = len(VIRIDIS_STOPS) - 1
    stops = ", ".join(f"{color} {i * 100 / last:g}%" for i, color in enumerate(VIRIDIS_STOPS))
    return f"linear-gradient({direction}, {stops})"
