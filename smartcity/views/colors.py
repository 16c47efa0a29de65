"""Readiness colours: one discrete colour per readiness band (``data/bands.json``), from viridis.

A band's colour means the same readiness in every scenario and language, and it is the colour of
the band's name in the ranking. The colours are viridis sampled evenly, one per band (five bands
give the usual five-class viridis): sequential, with lightness rising steadily, so they stay
distinct with the common colour-vision deficiencies and in greyscale. Differences within a band
(31% and 34% are both "low") are read from the map's labels and the legend's marks, not the colour.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from smartcity.model import Band

DOMAIN = (0.0, 100.0)
"""The readiness percent's range, the legend bar's extent."""
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
"""matplotlib's viridis at 0, 0.1, ..., 1."""
NO_DATA_COLOR = "#9e9e9e"
"""Grey for a city without a score on the chosen instrument."""
DARK_TEXT = "#000000"
LIGHT_TEXT = "#ffffff"
"""Black or white: one of them reaches 4.58:1 or more on any colour (WCAG AA asks 4.5:1)."""


@dataclass(frozen=True)
class BandColor:
    """A readiness band's stretch of the percent scale and its colour."""

    band_id: str
    min_percent: float
    max_percent: float
    color: str


def hex_to_rgb(color: str) -> tuple[int, int, int]:
    """``"#rrggbb"`` -> (r, g, b) with 0-255 channels."""
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)


def rgb_to_hex(rgb: tuple[float, float, float]) -> str:
    """(r, g, b) with 0-255 channels -> ``"#rrggbb"`` (channels rounded)."""
    return "#" + "".join(f"{max(0, min(255, round(channel))):02x}" for channel in rgb)


def viridis(fraction: float) -> str:
    """Viridis at ``fraction`` (0-1, clamped), interpolated linearly between its stops."""
    position = min(max(fraction, 0.0), 1.0) * (len(VIRIDIS_STOPS) - 1)
    index = min(int(position), len(VIRIDIS_STOPS) - 2)
    return blend(VIRIDIS_STOPS[index + 1], VIRIDIS_STOPS[index], position - index)


def band_palette(bands: Iterable[Band]) -> tuple[BandColor, ...]:
    """Each band, lowest first, with its percent range and its colour (viridis sampled evenly)."""
    ordered = sorted(bands, key=lambda band: band.min_percent)
    if not ordered:
        raise ValueError("no readiness bands to colour")
    last = max(len(ordered) - 1, 1)
    upper = [band.min_percent for band in ordered[1:]] + [DOMAIN[1]]
    return tuple(
        BandColor(band.id, band.min_percent, top, viridis(index / last))
        for index, (band, top) in enumerate(zip(ordered, upper, strict=True))
    )


def band_color(bands: Iterable[Band], band_id: str) -> str:
    """The colour of the band ``band_id``."""
    for entry in band_palette(bands):
        if entry.band_id == band_id:
            return entry.color
    raise ValueError(f"no readiness band {band_id!r}")


def blend(foreground: str, background: str, opacity: float) -> str:
    """The colour ``foreground`` shows at ``opacity`` (0-1) over an opaque ``background``."""
    front, back = hex_to_rgb(foreground), hex_to_rgb(background)
    red, green, blue = (opacity * f + (1 - opacity) * b for f, b in zip(front, back, strict=True))
    return rgb_to_hex((red, green, blue))


def relative_luminance(color: str) -> float:
    """WCAG 2.1 relative luminance of ``#rrggbb`` (0 black to 1 white)."""

    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(channel) for channel in hex_to_rgb(color))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2.1 contrast ratio of two colours, from 1 (none) to 21 (black on white)."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def text_color_on(background: str) -> str:
    """Dark or white text, whichever contrasts more with ``background``."""
    return max((DARK_TEXT, LIGHT_TEXT), key=lambda text: contrast_ratio(text, background))
