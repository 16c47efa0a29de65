"""Where the map's permanent town labels go: a deterministic greedy placement in screen pixels.

Points are projected as Leaflet projects them (Web Mercator, 256 px tiles) at the zoom the map
opens with. Each label tries up to eight positions around its dot, in a fixed order, and takes
the first one that overlaps no label already placed, no other town's dot and stays in the frame.
Labels are placed in the order given (the caller puts the ones that must show first); a label
with no free position is left out (its town keeps its tooltip). A required label may cover
another town's dot when nothing else is free, never another label. A label may carry the town's
change in points since an earlier round, "Shu · 43% (▲+5)" (:func:`with_change`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import matplotlib
from PIL import ImageFont

from smartcity.i18n.catalog import format_signed

TILE_SIZE = 256
FONT_FILE = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans-Bold.ttf"
"""The labels' font (the map's CSS asks for DejaVu Sans bold first), used to measure their width."""
DIRECTIONS: tuple[str, ...] = ("e", "w", "ne", "se", "nw", "sw", "n", "s")
"""Candidate positions, in the order tried: right, left, the four diagonals, above, below."""
DIAGONAL = math.sqrt(0.5)
UP, DOWN = "▲", "▼"
"""The arrows of a change between rounds (a change that rounds to 0 points has none)."""


@dataclass(frozen=True)
class Box:
    """An axis-aligned rectangle in screen pixels (y grows downwards)."""

    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other: Box) -> bool:
        """Whether the two rectangles share any area (touching edges do not count)."""
        return (
            self.left < other.right
            and other.left < self.right
            and self.top < other.bottom
            and other.top < self.bottom
        )

    def inside(self, frame: Box) -> bool:
        """Whether the rectangle lies wholly within ``frame``."""
        return (
            frame.left <= self.left
            and self.right <= frame.right
            and frame.top <= self.top
            and self.bottom <= frame.bottom
        )


@dataclass(frozen=True)
class LabelRequest:
    """A label wanted beside a dot: its key, the dot's pixel position, the label's size."""

    key: str
    x: float
    y: float
    width: float
    height: float
    required: bool = False
    """Whether the label should show even if it must cover another town's dot."""


@dataclass(frozen=True)
class Placement:
    """A placed label: which candidate position it took and its rectangle."""

    key: str
    direction: str
    box: Box
    anchor: tuple[float, float]
    """Where the dot's centre lies from the rectangle's top-left corner (Leaflet's ``iconAnchor``)."""


def project(latitude: float, longitude: float, zoom: float) -> tuple[float, float]:
    """A point's pixel coordinates at ``zoom`` in Leaflet's default projection (EPSG:3857)."""
    scale = TILE_SIZE * 2**zoom
    sine = math.sin(math.radians(max(min(latitude, 85.0511287798), -85.0511287798)))
    x = scale * (longitude + 180) / 360
    y = scale * (0.5 - math.log((1 + sine) / (1 - sine)) / (4 * math.pi))
    return x, y


def fit_zoom(
    south_west: tuple[float, float],
    north_east: tuple[float, float],
    size: tuple[float, float],
    padding: float,
    snap: float,
) -> float:
    """The zoom at which Leaflet's ``fitBounds`` shows the bounds in a map of ``size`` pixels."""
    left, bottom = project(*south_west, zoom=0)
    right, top = project(*north_east, zoom=0)
    width, height = size
    room = min((width - 2 * padding) / (right - left), (height - 2 * padding) / (bottom - top))
    zoom = math.log2(room)
    return math.floor(zoom / snap + 1e-9) * snap


@lru_cache(maxsize=8)
def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT_FILE), size)


@lru_cache(maxsize=4096)
def text_width(text: str, font_size: int) -> float:
    """The width in pixels of ``text`` set in DejaVu Sans Bold at ``font_size`` px."""
    return float(_font(font_size).getlength(text))


def candidate_box(request: LabelRequest, direction: str, clearance: float) -> Box:
    """The label's rectangle in ``direction`` from its dot, ``clearance`` px from the dot's centre."""
    x, y, width, height = request.x, request.y, request.width, request.height
    diagonal = clearance * DIAGONAL
    if direction == "e":
        return Box(x + clearance, y - height / 2, x + clearance + width, y + height / 2)
    if direction == "w":
        return Box(x - clearance - width, y - height / 2, x - clearance, y + height / 2)
    if direction == "n":
        return Box(x - width / 2, y - clearance - height, x + width / 2, y - clearance)
    if direction == "s":
        return Box(x - width / 2, y + clearance, x + width / 2, y + clearance + height)
    east, south = "e" in direction, "s" in direction
    left = x + diagonal if east else x - diagonal - width
    top = y + diagonal if south else y - diagonal - height
    return Box(left, top, left + width, top + height)


def place_labels(
    requests: Sequence[LabelRequest], dot_radius: float, gap: float, frame: Box | None = None
) -> dict[str, Placement]:
    """Place labels in the order given; those with no free position are left out.

    No two placed labels overlap. A label covers no other request's dot (a square of
    ``dot_radius``) unless it is required and no position is free of dots; it stays inside
    ``frame`` when one is given and a position there is free.
    """
    dots = [
        Box(request.x - dot_radius, request.y - dot_radius, request.x + dot_radius, request.y + dot_radius)
        for request in requests
    ]
    placed: dict[str, Placement] = {}
    for index, request in enumerate(requests):
        candidates = [
            (direction, candidate_box(request, direction, dot_radius + gap)) for direction in DIRECTIONS
        ]
        free = [
            (direction, box)
            for direction, box in candidates
            if not any(box.overlaps(other.box) for other in placed.values())
        ]
        others = [dot for position, dot in enumerate(dots) if position != index]
        clear = [(d, box) for d, box in free if not any(box.overlaps(dot) for dot in others)]
        choices = clear or (free if request.required else [])
        if frame is not None:
            choices = [(d, box) for d, box in choices if box.inside(frame)] or choices
        if choices:
            direction, box = min(choices, key=lambda choice: sum(choice[1].overlaps(dot) for dot in others))
            anchor = (request.x - box.left, request.y - box.top)
            placed[request.key] = Placement(request.key, direction, box, anchor)
    return placed


def arrowed(signed: str) -> str:
    """A signed number (as format_signed writes it) behind its arrow: "▲+5", "▼−3"; "0" stays."""
    return (UP if signed.startswith("+") else DOWN if signed.startswith("−") else "") + signed


def change_text(points: float, language: str) -> str:
    """A change in whole percentage points with its arrow: "▲+5", "▼−3", or "0"."""
    return arrowed(format_signed(points, language, decimals=0))


def with_change(text: str, points: float | None, language: str) -> str:
    """``text`` followed by the change in brackets, "43% (▲+5)"; ``text`` alone without a change."""
    return text if points is None else f"{text} ({change_text(points, language)})"
