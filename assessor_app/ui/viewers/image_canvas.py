"""The drawing surface of the image viewer and the scroll area that pans and zooms it.

The canvas paints only the exposed part of the image, from the pyramid level that matches the
zoom *in device pixels* (sharp on high-DPI screens, smooth when zooming a 60-megapixel photo).
The scroll area turns Ctrl+wheel into zoom requests and lets the image be dragged.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QMouseEvent, QPainter, QPaintEvent, QResizeEvent, QWheelEvent
from PySide6.QtWidgets import QScrollArea, QWidget

from assessor_app.ui.viewers.image_decode import DecodedImage

ZOOM_STEP = 1.25


class ImageCanvas(QWidget):
    """Paints the decoded image at ``zoom``; its size is the zoomed image size."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._decoded: DecodedImage | None = None
        self._zoom = 1.0
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, False)
        self.setAccessibleName("Image")

    def set_image(self, decoded: DecodedImage | None) -> None:
        self._decoded = decoded
        self._resize()

    def set_zoom(self, zoom: float) -> None:
        self._zoom = zoom
        self._resize()

    def zoomed_size(self) -> QSize:
        if self._decoded is None:
            return QSize(0, 0)
        size = self._decoded.size
        return QSize(
            max(1, math.ceil(size.width() * self._zoom)),
            max(1, math.ceil(size.height() * self._zoom)),
        )

    def _resize(self) -> None:
        self.setFixedSize(self.zoomed_size())
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._decoded is None:
            return
        full = self._decoded.image
        dpr = self.devicePixelRatioF()
        level = self._decoded.level_for(self._zoom * dpr)
        sx = level.width() / full.width() / self._zoom  # level pixels per logical pixel
        sy = level.height() / full.height() / self._zoom
        exposed = QRectF(event.rect())
        source = QRectF(
            exposed.x() * sx, exposed.y() * sy, exposed.width() * sx, exposed.height() * sy
        )
        painter = QPainter(self)
        # Smooth while the image is shown at or below about 3 device pixels per image pixel;
        # above that the assessor is inspecting pixels and wants them crisp.
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, self._zoom * dpr < 3)
        painter.drawImage(exposed, level, source)
        painter.end()


class PanZoomArea(QScrollArea):
    """Scroll area that turns Ctrl+wheel into zoom requests and lets the image be dragged."""

    zoom_requested = Signal(float, QPointF)  # factor, anchor in viewport coordinates
    resized = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._drag_from: QPoint | None = None

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120
            if steps:
                self.zoom_requested.emit(ZOOM_STEP**steps, event.position())
            event.accept()
            return
        super().wheelEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.resized.emit()

    def _can_pan(self) -> bool:
        return self.horizontalScrollBar().maximum() > 0 or self.verticalScrollBar().maximum() > 0

    def viewportEvent(self, event: QEvent) -> bool:
        if isinstance(event, QMouseEvent):
            if (
                event.type() == QMouseEvent.Type.MouseButtonPress
                and event.button() == Qt.MouseButton.LeftButton
                and self._can_pan()
            ):
                self._drag_from = event.position().toPoint()
                self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
                return True
            if event.type() == QMouseEvent.Type.MouseMove and self._drag_from is not None:
                delta = event.position().toPoint() - self._drag_from
                self._drag_from = event.position().toPoint()
                h, v = self.horizontalScrollBar(), self.verticalScrollBar()
                h.setValue(h.value() - delta.x())
                v.setValue(v.value() - delta.y())
                return True
            if event.type() == QMouseEvent.Type.MouseButtonRelease and self._drag_from is not None:
                self._drag_from = None
                self.update_cursor()
                return True
        return super().viewportEvent(event)

    def update_cursor(self) -> None:
        if self._can_pan():
            self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
        else:
            self.viewport().unsetCursor()
