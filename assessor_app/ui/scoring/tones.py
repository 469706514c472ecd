"""Status colours and glyphs of the scoring panes, derived from the palette (light or dark).

Colours are never hard-wired to one background: each tone has a light-mode and a dark-mode
variant chosen from the window colour's lightness, so green still reads as green on a dark
theme. Icons are painted at the device pixel ratio, sized from font metrics.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFontMetrics,
    QIcon,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import QWidget


class TargetStatus(Enum):
    UNJUDGED = "unjudged"
    PROFICIENT = "proficient"
    NOT_YET = "not_yet"

    @property
    def spoken(self) -> str:
        return {
            TargetStatus.UNJUDGED: "not judged yet",
            TargetStatus.PROFICIENT: "proficient",
            TargetStatus.NOT_YET: "not yet proficient",
        }[self]


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightnessF() < 0.5


@dataclass(frozen=True)
class Tones:
    """The accent colours of one palette."""

    proficient: QColor
    not_yet: QColor
    warning: QColor
    error: QColor
    muted: QColor
    on_accent: QColor  # text drawn on a filled proficient / not-yet background

    @classmethod
    def of(cls, palette: QPalette) -> Tones:
        dark = is_dark(palette)
        muted = palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.PlaceholderText)
        return cls(
            proficient=QColor("#66bb6a" if dark else "#2e7d32"),
            not_yet=QColor("#ffb74d" if dark else "#a85d00"),
            warning=QColor("#ffca28" if dark else "#b45309"),
            error=QColor("#ef9a9a" if dark else "#b71c1c"),
            muted=muted,
            on_accent=QColor("#101010" if dark else "#ffffff"),
        )

    def for_status(self, status: TargetStatus) -> QColor:
        if status is TargetStatus.PROFICIENT:
            return self.proficient
        if status is TargetStatus.NOT_YET:
            return self.not_yet
        return self.muted

    def tint(self, color: QColor, palette: QPalette, amount: float = 0.18) -> QColor:
        """``color`` blended into the palette's base colour: a soft background for banners."""
        base = palette.color(QPalette.ColorRole.Base)
        return QColor.fromRgbF(
            base.redF() + (color.redF() - base.redF()) * amount,
            base.greenF() + (color.greenF() - base.greenF()) * amount,
            base.blueF() + (color.blueF() - base.blueF()) * amount,
        )


def icon_extent(widget: QWidget) -> int:
    """A glyph size that follows the widget's font (high-DPI and large-font safe)."""
    return max(12, QFontMetrics(widget.font()).height())


def _canvas(widget: QWidget, size: int) -> tuple[QPixmap, QPainter]:
    ratio = widget.devicePixelRatioF()
    pixmap = QPixmap(round(size * ratio), round(size * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    return pixmap, painter


def status_icon(widget: QWidget, status: TargetStatus, tones: Tones) -> QIcon:
    """Hollow ring (unjudged), filled disc with a tick (proficient) or a dash (not yet).

    The ring of an unjudged row is drawn in the highlighted-text colour when the row is
    selected, so it stays visible on the selection colour.
    """
    normal = _status_pixmap(widget, status, tones, tones.for_status(status))
    if status is TargetStatus.UNJUDGED:
        selected_color = widget.palette().color(QPalette.ColorRole.HighlightedText)
        return _untinted(normal, _status_pixmap(widget, status, tones, selected_color))
    return _untinted(normal)


def _untinted(normal: QPixmap, selected: QPixmap | None = None) -> QIcon:
    """An icon that keeps its colours on a selected row (Qt would tint it by default)."""
    icon = QIcon(normal)
    icon.addPixmap(selected if selected is not None else normal, QIcon.Mode.Selected)
    return icon


def _status_pixmap(widget: QWidget, status: TargetStatus, tones: Tones, color: QColor) -> QPixmap:
    size = icon_extent(widget)
    pixmap, p = _canvas(widget, size)
    m = size * 0.14
    rect = QRectF(m, m, size - 2 * m, size - 2 * m)
    if status is TargetStatus.UNJUDGED:
        p.setPen(QPen(color, max(1.0, size * 0.09)))
        p.drawEllipse(rect)
    else:
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(color)
        p.drawEllipse(rect)
        pen = QPen(tones.on_accent, max(1.5, size * 0.12))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        p.setPen(pen)
        s = size
        if status is TargetStatus.PROFICIENT:
            path = QPainterPath(QPointF(s * 0.32, s * 0.52))
            path.lineTo(QPointF(s * 0.45, s * 0.65))
            path.lineTo(QPointF(s * 0.69, s * 0.38))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawPath(path)
        else:
            p.drawLine(QPointF(s * 0.33, s * 0.5), QPointF(s * 0.67, s * 0.5))
    p.end()
    return pixmap


def warning_icon(widget: QWidget, tones: Tones) -> QIcon:
    """A small filled triangle with an exclamation mark, in the warning tone."""
    size = icon_extent(widget)
    pixmap, p = _canvas(widget, size)
    s = size
    path = QPainterPath(QPointF(s * 0.5, s * 0.1))
    path.lineTo(QPointF(s * 0.95, s * 0.88))
    path.lineTo(QPointF(s * 0.05, s * 0.88))
    path.closeSubpath()
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(tones.warning)
    p.drawPath(path)
    pen = QPen(tones.on_accent, max(1.5, s * 0.1))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    p.setPen(pen)
    p.drawLine(QPointF(s * 0.5, s * 0.38), QPointF(s * 0.5, s * 0.6))
    p.drawPoint(QPointF(s * 0.5, s * 0.75))
    p.end()
    return _untinted(pixmap)


def css(color: QColor) -> str:
    return color.name(QColor.NameFormat.HexRgb)
