"""The agreement dashboard's two charts, painted with QPainter (QtCharts is not part of
pyside6-essentials).

:class:`AgreementChart` draws, for each row (a detail, an assessor pair, a credential), three
horizontal bars on one scale from -1 to 1 with a zero line: percent agreement (0 to 1, i.e.
0 to 100 %), Cohen's kappa and Gwet's AC1. :class:`LevelDistributionChart` draws, for each
assessor, one bar split by the share of each rubric level they gave.

Sizes follow the font, colours follow the palette (light or dark). The charts repeat what the
tables beside them hold; their accessible description states the same numbers in words.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QHelpEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from assessor_app.ui.scoring.tones import Tones, is_dark

TICKS = (-1.0, -0.5, 0.0, 0.5, 1.0)
SCALE_CAPTION = (
    "Kappa and AC1: −1 worse than chance · 0 chance level · 1 perfect.   "
    "Percent agreement: 0 to 1 means 0 % to 100 %."
)


@dataclass(frozen=True)
class SeriesStyle:
    name: str
    light: str  # colour on a light window
    dark: str  # colour on a dark window

    def color(self, palette: QPalette) -> QColor:
        return QColor(self.dark if is_dark(palette) else self.light)


# Okabe–Ito colours: told apart by people with the common colour-vision deficiencies.
SERIES = (
    SeriesStyle("Percent agreement", "#0072b2", "#56b4e9"),
    SeriesStyle("Cohen's kappa", "#d55e00", "#f0a35e"),
    SeriesStyle("Gwet's AC1", "#7b3f9e", "#cc99e0"),
)


@dataclass(frozen=True)
class ChartRow:
    """One group of bars: ``values`` are (percent 0..1, kappa, AC1); nan is "not available"."""

    label: str
    n: int
    values: tuple[float, float, float]
    group: str = ""  # rows of one group follow each other under a heading (e.g. a credential)
    note: str = ""  # a caution on reading the row (kappa_note): marked, shown as tooltip


def value_text(index: int, value: float) -> str:
    """How a bar's value is written: "82 %" for percent agreement, "0.64" for the others."""
    if math.isnan(value):
        return "n/a"
    if index == 0:
        return f"{value * 100:.0f} %"
    return f"{value:.2f}"


def _muted(palette: QPalette) -> QColor:
    return Tones.of(palette).muted


def _blend(a: QColor, b: QColor, amount: float) -> QColor:
    """``a`` moved ``amount`` (0..1) of the way towards ``b``."""
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * amount,
        a.greenF() + (b.greenF() - a.greenF()) * amount,
        a.blueF() + (b.blueF() - a.blueF()) * amount,
    )


class _Chart(QWidget):
    """Shared geometry: margins and line height from the font, a soft framed background."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, False)

    @property
    def line(self) -> int:
        return self.fontMetrics().height()

    @property
    def margin(self) -> int:
        return max(6, self.line * 2 // 3)

    def _frame(self, p: QPainter) -> None:
        palette = self.palette()
        rect = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        p.setPen(QPen(palette.color(QPalette.ColorRole.Mid), 1))
        p.setBrush(palette.color(QPalette.ColorRole.Base))
        p.drawRoundedRect(rect, 6, 6)

    def _legend(self, p: QPainter, items: Sequence[tuple[str, QColor]], top: float) -> None:
        fm = self.fontMetrics()
        x = float(self.margin)
        box = fm.ascent() * 0.8
        p.setPen(self.palette().color(QPalette.ColorRole.Text))
        for name, color in items:
            p.fillRect(QRectF(x, top + (fm.height() - box) / 2, box, box), color)
            x += box + fm.averageCharWidth()
            p.drawText(QPointF(x, top + fm.ascent()), name)
            x += fm.horizontalAdvance(name) + fm.averageCharWidth() * 3

    def _row_label(
        self, p: QPainter, rect: QRectF, label: str, n: int, *, note: bool = False
    ) -> None:
        """The row's label (elided), with "n = 12" in the muted tone under it, and a warning
        mark after it when the row has a note on reading it."""
        fm = self.fontMetrics()
        palette = self.palette()
        middle = rect.center().y()
        p.setPen(palette.color(QPalette.ColorRole.Text))
        text = fm.elidedText(label, Qt.TextElideMode.ElideRight, int(rect.width()))
        p.drawText(QPointF(rect.left(), middle - fm.descent() - 1), text)
        p.setPen(_muted(palette))
        count = f"n = {n}"
        p.drawText(QPointF(rect.left(), middle + fm.ascent()), count)
        if note:
            p.setPen(Tones.of(palette).warning)
            x = rect.left() + fm.horizontalAdvance(count + "  ")
            p.drawText(QPointF(x, middle + fm.ascent()), "⚠ see the note in the table")

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange):
            self.updateGeometry()
            self.update()


class AgreementChart(_Chart):
    """Three bars per row on a -1..1 scale: percent agreement, kappa and AC1."""

    def __init__(self, subject: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._subject = subject  # "detail", "assessor pair", "credential"
        self._rows: list[ChartRow] = []
        self._row_rects: list[tuple[QRectF, ChartRow]] = []
        self.setAccessibleName(f"Agreement by {subject} (chart)")
        self._describe()

    # --- data -----------------------------------------------------------------------------
    def set_rows(self, rows: Sequence[ChartRow]) -> None:
        self._rows = list(rows)
        self._describe()
        self.updateGeometry()
        self.update()

    def rows(self) -> list[ChartRow]:
        return list(self._rows)

    def row_tip(self, row: ChartRow) -> str:
        values = "\n".join(
            f"{style.name}: {value_text(i, v)}"
            for i, (style, v) in enumerate(zip(SERIES, row.values, strict=True))
        )
        tip = f"{row.label} (n = {row.n})\n{values}"
        return f"{tip}\n\n{row.note}" if row.note else tip

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            at = QPointF(event.pos())
            row = next((r for rect, r in self._row_rects if rect.contains(at)), None)
            if row is not None:
                QToolTip.showText(event.globalPos(), self.row_tip(row), self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    def _describe(self) -> None:
        if not self._rows:
            self.setAccessibleDescription("No data to chart.")
            return
        lines = [
            f"{row.group + ' · ' if row.group else ''}{row.label}, n = {row.n}: "
            + ", ".join(
                f"{style.name} {value_text(i, v)}"
                for i, (style, v) in enumerate(zip(SERIES, row.values, strict=True))
            )
            for row in self._rows
        ]
        self.setAccessibleDescription("; ".join(lines))

    # --- geometry -------------------------------------------------------------------------
    def _bar_height(self) -> float:
        return max(5.0, self.line * 0.5)

    def _block_height(self) -> float:
        return max(3 * self._bar_height() + 4, 2.2 * self.line)

    def _row_gap(self) -> float:
        return self.line * 0.7

    def _legend_height(self) -> float:
        return self.line * 1.8

    def _axis_height(self) -> float:
        return self.line * 2.8

    def _headings(self) -> int:
        """How many group headings the rows need (a heading wherever the group changes)."""
        groups = [row.group for row in self._rows]
        return sum(1 for i, g in enumerate(groups) if g and (i == 0 or groups[i - 1] != g))

    def _heading_height(self) -> float:
        return self.line * 1.6

    def sizeHint(self) -> QSize:
        rows = max(1, len(self._rows))
        height = (
            2 * self.margin
            + self._legend_height()
            + rows * (self._block_height() + self._row_gap())
            + self._headings() * self._heading_height()
            + self._axis_height()
        )
        return QSize(self.fontMetrics().averageCharWidth() * 90, math.ceil(height))

    def minimumSizeHint(self) -> QSize:
        return QSize(self.fontMetrics().averageCharWidth() * 50, self.sizeHint().height())

    def _columns(self) -> tuple[float, float, float]:
        """(label column width, plot left, plot right)."""
        fm = self.fontMetrics()
        width = self.width() - 2 * self.margin
        widest = max((fm.horizontalAdvance(r.label) for r in self._rows), default=0)
        label_w = min(max(widest, fm.averageCharWidth() * 12), width * 0.36)
        text_w = fm.horizontalAdvance("100 %") + fm.averageCharWidth()
        left = self.margin + label_w + fm.averageCharWidth() * 2 + text_w
        right = self.width() - self.margin - text_w
        return label_w, left, max(left + 10, right)

    @staticmethod
    def _x(value: float, left: float, right: float) -> float:
        clamped = max(-1.0, min(1.0, value))
        return left + (clamped + 1) / 2 * (right - left)

    # --- painting -------------------------------------------------------------------------
    def paintEvent(self, _event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._frame(p)
        palette = self.palette()
        top = float(self.margin)
        self._legend(p, [(s.name, s.color(palette)) for s in SERIES], top)
        top += self._legend_height()
        label_w, left, right = self._columns()
        plot_top = top
        plot_bottom = (
            top
            + max(1, len(self._rows)) * (self._block_height() + self._row_gap())
            + self._headings() * self._heading_height()
        ) - self._row_gap() / 2
        self._grid(p, left, right, plot_top - self._row_gap() / 2, plot_bottom)
        if not self._rows:
            p.setPen(_muted(palette))
            p.drawText(
                QRectF(left, plot_top, right - left, plot_bottom - plot_top),
                Qt.AlignmentFlag.AlignCenter,
                "No data",
            )
        previous = ""
        self._row_rects = []
        for row in self._rows:
            if row.group and row.group != previous:
                self._group_heading(p, row.group, top)
                top += self._heading_height()
            previous = row.group
            block = QRectF(self.margin, top, label_w, self._block_height())
            self._row_label(p, block, row.label, row.n, note=bool(row.note))
            self._bars(p, row, top, left, right)
            self._row_rects.append((QRectF(0, top, self.width(), self._block_height()), row))
            top += self._block_height() + self._row_gap()
        self._axis(p, left, right, plot_bottom)
        p.end()

    def _group_heading(self, p: QPainter, title: str, top: float) -> None:
        fm = self.fontMetrics()
        font = QFont(self.font())
        font.setBold(True)
        p.setFont(font)
        p.setPen(self.palette().color(QPalette.ColorRole.Text))
        text = fm.elidedText(title, Qt.TextElideMode.ElideRight, self.width() - 2 * self.margin)
        p.drawText(QPointF(self.margin, top + fm.ascent() + self.line * 0.2), text)
        p.setFont(self.font())

    def _grid(self, p: QPainter, left: float, right: float, top: float, bottom: float) -> None:
        palette = self.palette()
        below = _blend(palette.color(QPalette.ColorRole.Base), _muted(palette), 0.08)
        zero = self._x(0.0, left, right)
        p.fillRect(QRectF(left, top, zero - left, bottom - top), below)
        grid = QColor(palette.color(QPalette.ColorRole.Mid))
        grid.setAlphaF(0.6)
        for tick in TICKS:
            x = self._x(tick, left, right)
            if tick == 0.0:
                pen = QPen(palette.color(QPalette.ColorRole.Text), 1.6)
            else:
                pen = QPen(grid, 1, Qt.PenStyle.DashLine)
            p.setPen(pen)
            p.drawLine(QPointF(x, top), QPointF(x, bottom))

    def _bars(self, p: QPainter, row: ChartRow, top: float, left: float, right: float) -> None:
        palette = self.palette()
        bar = self._bar_height()
        stack = 3 * bar + 4
        y = top + (self._block_height() - stack) / 2
        zero = self._x(0.0, left, right)
        small = QFont(self.font())
        small.setPointSizeF(max(6.0, small.pointSizeF() * 0.85))
        p.setFont(small)
        for index, (style, value) in enumerate(zip(SERIES, row.values, strict=True)):
            text = value_text(index, value)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(style.color(palette))
            text_y = y + bar / 2 + p.fontMetrics().ascent() / 2 - 1
            if math.isnan(value):
                p.setPen(_muted(palette))
                p.drawText(QPointF(zero + 4, text_y), text)
            else:
                end = self._x(value, left, right)
                rect = QRectF(min(zero, end), y, max(1.5, abs(end - zero)), bar)
                p.drawRoundedRect(rect, 2, 2)
                p.setPen(palette.color(QPalette.ColorRole.Text))
                width = p.fontMetrics().horizontalAdvance(text)
                x = end + 4 if value >= 0 else end - 4 - width
                p.drawText(QPointF(x, text_y), text)
            y += bar + 2
        p.setFont(self.font())

    def _axis(self, p: QPainter, left: float, right: float, bottom: float) -> None:
        fm = self.fontMetrics()
        palette = self.palette()
        p.setPen(_muted(palette))
        y = bottom + fm.ascent() + 2
        for tick in TICKS:
            text = f"{tick:g}".replace("-", "−")
            x = self._x(tick, left, right) - fm.horizontalAdvance(text) / 2
            p.drawText(QPointF(x, y), text)
        caption = fm.elidedText(
            SCALE_CAPTION, Qt.TextElideMode.ElideRight, int(self.width() - 2 * self.margin)
        )
        p.drawText(QPointF(self.margin, y + fm.height() + 2), caption)


@dataclass(frozen=True)
class LevelKey:
    """A level as the distribution chart shows it."""

    code: str
    label: str
    proficient: bool | None  # None: a code the rubric does not know


class LevelDistributionChart(_Chart):
    """One 100 % bar per assessor, split by the share of each level they gave."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._levels: list[LevelKey] = []
        self._rows: list[tuple[str, dict[str, int]]] = []
        self.setAccessibleName("Levels given by each assessor (chart)")
        self._describe()

    def set_data(
        self, levels: Sequence[LevelKey], rows: Sequence[tuple[str, Mapping[str, int]]]
    ) -> None:
        """``levels`` in rubric order; ``rows`` = (assessor, level code -> count)."""
        self._levels = list(levels)
        self._rows = [(name, dict(counts)) for name, counts in rows]
        self._describe()
        self.updateGeometry()
        self.update()

    def rows(self) -> list[tuple[str, dict[str, int]]]:
        return list(self._rows)

    def _describe(self) -> None:
        if not self._rows:
            self.setAccessibleDescription("No data to chart.")
            return
        parts = []
        for name, counts in self._rows:
            total = sum(counts.values())
            shares = ", ".join(
                f"{level.label} {counts.get(level.code, 0)} ({_share(counts, level.code)})"
                for level in self._levels
            )
            parts.append(f"{name}, n = {total}: {shares}")
        self.setAccessibleDescription("; ".join(parts))

    def level_colors(self) -> dict[str, QColor]:
        """Proficient levels in shades of the proficient tone, the others of not-yet."""
        palette = self.palette()
        tones = Tones.of(palette)
        base = palette.color(QPalette.ColorRole.Base)
        colors: dict[str, QColor] = {}
        groups: dict[bool | None, list[LevelKey]] = {True: [], False: [], None: []}
        for level in self._levels:
            groups[level.proficient].append(level)
        for proficient, members in groups.items():
            accent = (
                tones.proficient
                if proficient is True
                else tones.not_yet
                if proficient is False
                else tones.muted
            )
            for index, level in enumerate(members):
                colors[level.code] = _blend(accent, base, min(0.55, index * 0.3))
        return colors

    def _bar_height(self) -> float:
        return self.line * 1.5

    def _row_gap(self) -> float:
        return self.line * 0.9

    def sizeHint(self) -> QSize:
        rows = max(1, len(self._rows))
        height = (
            2 * self.margin
            + self.line * 1.8
            + rows * (max(self._bar_height(), 2.2 * self.line) + self._row_gap())
            + self.line * 1.6
        )
        return QSize(self.fontMetrics().averageCharWidth() * 90, math.ceil(height))

    def minimumSizeHint(self) -> QSize:
        return QSize(self.fontMetrics().averageCharWidth() * 50, self.sizeHint().height())

    def paintEvent(self, _event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._frame(p)
        palette = self.palette()
        fm = self.fontMetrics()
        colors = self.level_colors()
        top = float(self.margin)
        self._legend(p, [(lv.label, colors[lv.code]) for lv in self._levels], top)
        top += self.line * 1.8
        widest = max((fm.horizontalAdvance(name) for name, _ in self._rows), default=0)
        label_w = min(max(widest, fm.averageCharWidth() * 10), self.width() * 0.3)
        left = self.margin + label_w + fm.averageCharWidth() * 2
        right = self.width() - self.margin - fm.averageCharWidth()
        block = max(self._bar_height(), 2.2 * self.line)
        if not self._rows:
            p.setPen(_muted(palette))
            p.drawText(
                QRectF(left, top, right - left, block), Qt.AlignmentFlag.AlignCenter, "No data"
            )
        for name, counts in self._rows:
            total = sum(counts.values())
            self._row_label(p, QRectF(self.margin, top, label_w, block), name, total)
            y = top + (block - self._bar_height()) / 2
            x = left
            for level in self._levels:
                count = counts.get(level.code, 0)
                if not total or not count:
                    continue
                width = (right - left) * count / total
                rect = QRectF(x, y, width, self._bar_height())
                color = colors[level.code]
                p.fillRect(rect, color)
                text = _share(counts, level.code)
                if fm.horizontalAdvance(text) + 6 < width:
                    p.setPen(_text_on(color))
                    p.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
                x += width
            top += block + self._row_gap()
        p.setPen(_muted(palette))
        y = top - self._row_gap() / 2 + fm.ascent()
        for fraction in (0.0, 0.25, 0.5, 0.75, 1.0):
            text = f"{fraction * 100:.0f} %"
            x = left + (right - left) * fraction - fm.horizontalAdvance(text) * fraction
            p.drawText(QPointF(x, y), text)
        p.end()


def _share(counts: Mapping[str, int], code: str) -> str:
    total = sum(counts.values())
    return "0 %" if not total else f"{counts.get(code, 0) / total * 100:.0f} %"


def _text_on(color: QColor) -> QColor:
    """Black or white, whichever reads better on ``color``."""
    r, g, b = color.redF(), color.greenF(), color.blueF()
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return QColor("#101010") if luminance > 0.5 else QColor("#ffffff")
