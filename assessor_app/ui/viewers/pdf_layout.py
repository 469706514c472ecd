"""Where each page sits in the continuous page column, in logical pixels. Pure Python.

Pages are stacked top to bottom, centred horizontally, ``gap`` apart, with ``margin`` around
the column. ``zoom`` is logical pixels per PDF point.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from typing import NamedTuple

MIN_ZOOM = 0.1
MAX_ZOOM = 6.0
ZOOM_STEPS = (0.25, 0.33, 0.5, 0.67, 0.75, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 4.0)


class Box(NamedTuple):
    x: int
    y: int
    width: int
    height: int

    @property
    def bottom(self) -> int:
        return self.y + self.height


def clamp_zoom(zoom: float) -> float:
    return min(MAX_ZOOM, max(MIN_ZOOM, zoom))


def next_zoom_step(zoom: float, direction: int) -> float:
    """The next preset zoom above (direction > 0) or below (direction < 0) ``zoom``."""
    if direction > 0:
        larger = [z for z in ZOOM_STEPS if z > zoom * 1.01]
        return larger[0] if larger else clamp_zoom(zoom * 1.25)
    smaller = [z for z in ZOOM_STEPS if z < zoom / 1.01]
    return smaller[-1] if smaller else clamp_zoom(zoom / 1.25)


class PageLayout:
    def __init__(
        self,
        sizes: Sequence[tuple[float, float]],
        zoom: float,
        viewport_width: int,
        *,
        margin: int = 16,
        gap: int = 16,
    ) -> None:
        self.sizes = tuple(sizes)
        self.zoom = zoom
        self.margin = margin
        self.gap = gap
        widest = max((round(w * zoom) for w, _ in self.sizes), default=0)
        self.width = max(viewport_width, widest + 2 * margin)
        self._boxes: list[Box] = []
        y = margin
        for w, h in self.sizes:
            width, height = max(1, round(w * zoom)), max(1, round(h * zoom))
            self._boxes.append(Box((self.width - width) // 2, y, width, height))
            y += height + gap
        self._tops = [b.y for b in self._boxes]
        self.height = (y - gap + margin) if self._boxes else 2 * margin

    @property
    def page_count(self) -> int:
        return len(self._boxes)

    def box(self, index: int) -> Box:
        return self._boxes[index]

    def pages_between(self, top: int, bottom: int) -> range:
        """Indices of the pages that overlap the band ``top`` ≤ y < ``bottom``."""
        if not self._boxes or bottom <= top:
            return range(0)
        first = max(0, bisect.bisect_right(self._tops, top) - 1)
        if self._boxes[first].bottom <= top:
            first += 1
        last = bisect.bisect_left(self._tops, bottom)
        return range(first, max(first, last))

    def page_at(self, y: int) -> int:
        """The page at height ``y``; in a gap, the page above it (clamped to the document)."""
        if not self._boxes:
            return 0
        return min(len(self._boxes) - 1, max(0, bisect.bisect_right(self._tops, y) - 1))

    def most_visible(self, top: int, bottom: int) -> int:
        """The page that takes the most height of the band (the earliest one on a tie)."""
        best, best_height = self.page_at(top), -1
        for index in self.pages_between(top, bottom):
            box = self._boxes[index]
            shown = min(bottom, box.bottom) - max(top, box.y)
            if shown > best_height:
                best, best_height = index, shown
        return best

    def anchor(self, y: int) -> tuple[int, float]:
        """``y`` as (page, fraction of that page's height), to keep a place across zooms."""
        index = self.page_at(y)
        box = self._boxes[index] if self._boxes else Box(0, 0, 1, 1)
        return index, (y - box.y) / box.height

    def y_of(self, index: int, fraction: float = 0.0) -> int:
        box = self._boxes[index]
        return box.y + round(fraction * box.height)


def fit_width_zoom(sizes: Sequence[tuple[float, float]], viewport_width: int, margin: int) -> float:
    widest = max((w for w, _ in sizes), default=1.0)
    return clamp_zoom((viewport_width - 2 * margin) / widest)


def fit_page_zoom(
    sizes: Sequence[tuple[float, float]], viewport_width: int, viewport_height: int, margin: int
) -> float:
    widest = max((w for w, _ in sizes), default=1.0)
    tallest = max((h for _, h in sizes), default=1.0)
    return clamp_zoom(
        min((viewport_width - 2 * margin) / widest, (viewport_height - 2 * margin) / tallest)
    )
