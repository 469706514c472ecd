"""Which words a drag selects on one page. Pure Python, in page points.

A drag that starts on a word selects running text, from that word to the word nearest the
pointer, in reading order. A drag that starts on empty space (or with Alt held) selects every
word its rectangle touches, which is how a table column or a figure label is picked out.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from assessor_app.ui.viewers.pdf_document import Rect, Word

Point = tuple[float, float]


def normalized(a: Point, b: Point) -> Rect:
    return (min(a[0], b[0]), min(a[1], b[1]), max(a[0], b[0]), max(a[1], b[1]))


def intersects(a: Rect, b: Rect) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def word_at(words: Sequence[Word], point: Point) -> int | None:
    """Index of the word under ``point``, or None."""
    x, y = point
    for index, word in enumerate(words):
        x0, y0, x1, y1 = word.rect
        if x0 <= x <= x1 and y0 <= y <= y1:
            return index
    return None


def nearest_word(words: Sequence[Word], point: Point) -> int | None:
    """Index of the word closest to ``point`` (vertical distance weighs more), or None."""
    if not words:
        return None
    x, y = point

    def distance(word: Word) -> float:
        x0, y0, x1, y1 = word.rect
        dx = max(x0 - x, 0.0, x - x1)
        dy = max(y0 - y, 0.0, y - y1)
        return math.hypot(dx, 4.0 * dy)

    return min(range(len(words)), key=lambda i: distance(words[i]))


@dataclass(frozen=True)
class Drag:
    """A selection drag on one page: where it started and how it selects."""

    page: int
    origin: Point
    anchor_word: int | None  # running-text mode when set, rectangle mode when None

    @classmethod
    def start(
        cls, page: int, origin: Point, words: Sequence[Word], *, rectangle: bool = False
    ) -> Drag:
        return cls(page, origin, None if rectangle else word_at(words, origin))

    def select(self, words: Sequence[Word], point: Point) -> list[Word]:
        """The words selected when the pointer is at ``point``, in reading order."""
        if self.anchor_word is None:
            area = normalized(self.origin, point)
            return [w for w in words if intersects(w.rect, area)]
        end = nearest_word(words, point)
        if end is None:
            return []
        first, last = sorted((self.anchor_word, end))
        return list(words[first : last + 1])
