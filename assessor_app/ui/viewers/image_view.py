"""The image viewer of the artifact pane: zoom, fit, pan, never a crash on a bad file.

Decoding runs on the thread pool (:mod:`image_decode`); a stale result (the assessor opened
another artifact meanwhile) is dropped. Painting draws only the exposed part of the image from
the pyramid level that matches the zoom *in device pixels*, so the picture is sharp on high-DPI
screens and zooming a 60-megapixel photo stays smooth. Zoom is "logical pixels per image
pixel": 100 % shows one image pixel per logical pixel, as browsers do.
"""

from __future__ import annotations

from pathlib import Path

import shiboken6
from PySide6.QtCore import QPointF, QSize, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from assessor_app.ui.tasks import run_in_background
from assessor_app.ui.viewers.image_canvas import ZOOM_STEP, ImageCanvas, PanZoomArea
from assessor_app.ui.viewers.image_decode import MAX_PIXELS, DecodedImage, decode_image

MIN_ZOOM = 0.02
MAX_ZOOM = 16.0


def _tool_button(text: str, name: str, tip: str, parent: QWidget) -> QToolButton:
    button = QToolButton(parent)
    button.setText(text)
    button.setAccessibleName(name)
    button.setToolTip(tip)
    button.setAutoRaise(True)
    return button


class ImageViewer(QWidget):
    """Shows one image artifact. ``loaded(ok)`` fires when an ``open`` has finished."""

    loaded = Signal(bool)
    zoom_changed = Signal(float)

    def __init__(self, parent: QWidget | None = None, *, max_pixels: int = MAX_PIXELS) -> None:
        super().__init__(parent)
        self.setAccessibleName("Image viewer")
        self._max_pixels = max_pixels
        self._decoded: DecodedImage | None = None
        self._zoom = 1.0
        self._fit = True
        self._generation = 0
        self._title = ""

        self._title_label = QLabel(self)
        self._title_label.setAccessibleName("Image title")
        self._title_label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self._title_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._size_label = QLabel(self)
        self._size_label.setAccessibleName("Image size")
        self._size_label.setEnabled(False)  # muted, palette aware

        self._zoom_out = _tool_button("−", "Zoom out", "Zoom out (Ctrl+−)", self)
        self._zoom_label = QLabel("100 %", self)
        self._zoom_label.setAccessibleName("Zoom level")
        self._zoom_label.setMinimumWidth(self.fontMetrics().horizontalAdvance("1600 %") + 8)
        self._zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._zoom_in = _tool_button("+", "Zoom in", "Zoom in (Ctrl+=)", self)
        self._fit_button = _tool_button("Fit", "Fit to window", "Fit to window (Ctrl+0)", self)
        self._fit_button.setCheckable(True)
        self._actual = _tool_button("1:1", "Actual size", "Actual size, 100 %", self)
        self._zoom_out.clicked.connect(self.zoom_out)
        self._zoom_in.clicked.connect(self.zoom_in)
        self._fit_button.clicked.connect(self.fit)
        self._actual.clicked.connect(lambda: self.set_zoom(1.0))

        bar = QHBoxLayout()
        bar.setContentsMargins(6, 2, 6, 2)
        bar.addWidget(self._title_label, 1)
        bar.addWidget(self._size_label)
        bar.addSpacing(8)
        for w in (self._zoom_out, self._zoom_label, self._zoom_in, self._fit_button, self._actual):
            bar.addWidget(w)

        self._canvas = ImageCanvas()
        self._scroll = PanZoomArea(self)
        self._scroll.setAccessibleName("Image area")
        self._scroll.setFrameShape(QFrame.Shape.NoFrame)
        self._scroll.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._scroll.setWidgetResizable(False)
        self._scroll.setWidget(self._canvas)
        self._scroll.zoom_requested.connect(self._zoom_at)
        self._scroll.resized.connect(self._viewport_resized)

        self._message = QLabel(self)
        self._message.setAccessibleName("Image message")
        self._message.setWordWrap(True)
        self._message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._message.setMargin(24)

        self._stack = QStackedWidget(self)
        self._stack.addWidget(self._message)
        self._stack.addWidget(self._scroll)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(bar)
        layout.addWidget(self._stack, 1)

        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for keys, slot in (
            (QKeySequence.StandardKey.ZoomIn, self.zoom_in),
            (QKeySequence("Ctrl+="), self.zoom_in),
            (QKeySequence.StandardKey.ZoomOut, self.zoom_out),
            (QKeySequence("Ctrl+0"), self.fit),
        ):
            shortcut = QShortcut(keys, self)
            shortcut.setContext(context)
            shortcut.activated.connect(slot)

        self._show_message("No image is open.")

    # --- public API -----------------------------------------------------------------------
    def open(self, path: Path, title: str) -> None:
        """Start showing ``path``; ``loaded`` fires when it is on screen or refused."""
        self._generation += 1
        generation = self._generation
        self._title = title
        self._title_label.setText(title)
        self._title_label.setToolTip(title)
        self._size_label.clear()
        self._decoded = None
        self._canvas.set_image(None)
        self._show_message("Opening the image…")
        max_pixels = self._max_pixels

        def done(decoded: object) -> None:
            if shiboken6.isValid(self) and generation == self._generation:
                assert isinstance(decoded, DecodedImage)
                self._show_image(decoded)

        def failed(message: str) -> None:
            if shiboken6.isValid(self) and generation == self._generation:
                self._show_message(message)
                self.loaded.emit(False)

        run_in_background(lambda: decode_image(path, max_pixels), done, failed)

    def clear(self) -> None:
        self._generation += 1
        self._decoded = None
        self._canvas.set_image(None)
        self._title_label.clear()
        self._size_label.clear()
        self._show_message("No image is open.")

    def message(self) -> str:
        """The message shown instead of an image ("" while an image is shown)."""
        return "" if self._decoded is not None else self._message.text()

    def image_size(self) -> QSize:
        return self._decoded.size if self._decoded is not None else QSize()

    def has_image(self) -> bool:
        return self._decoded is not None

    def zoom(self) -> float:
        return self._zoom

    def is_fit(self) -> bool:
        return self._fit

    def zoom_in(self) -> None:
        self._zoom_at(ZOOM_STEP, None)

    def zoom_out(self) -> None:
        self._zoom_at(1 / ZOOM_STEP, None)

    def set_zoom(self, zoom: float) -> None:
        self._fit = False
        self._apply_zoom(zoom, None)

    def fit(self) -> None:
        """Fit the whole image in the window (never enlarging past 100 %)."""
        self._fit = True
        self._apply_zoom(self._fit_zoom(), None)

    # --- internals ------------------------------------------------------------------------
    def _show_message(self, text: str) -> None:
        self._message.setText(text)
        self._stack.setCurrentWidget(self._message)
        self._zoom_label.setText("–")
        self._set_controls_enabled(False)

    def _show_image(self, decoded: DecodedImage) -> None:
        self._decoded = decoded
        size = decoded.size
        self._size_label.setText(f"{size.width():,} × {size.height():,}")
        self._canvas.set_image(decoded)
        self._stack.setCurrentWidget(self._scroll)
        self._set_controls_enabled(True)
        self.fit()
        self.loaded.emit(True)

    def _set_controls_enabled(self, enabled: bool) -> None:
        for w in (self._zoom_out, self._zoom_in, self._fit_button, self._actual, self._zoom_label):
            w.setEnabled(enabled)

    def _fit_zoom(self) -> float:
        if self._decoded is None:
            return 1.0
        size = self._decoded.size
        area = self._scroll.maximumViewportSize()  # as if no scroll bar were showing
        fit = min(area.width() / size.width(), area.height() / size.height())
        return max(MIN_ZOOM, min(1.0, fit))

    def _viewport_resized(self) -> None:
        if self._fit and self._decoded is not None:
            self._apply_zoom(self._fit_zoom(), None)
        self._scroll.update_cursor()

    def _zoom_at(self, factor: float, anchor: QPointF | None) -> None:
        self._fit = False
        self._apply_zoom(self._zoom * factor, anchor)

    def _apply_zoom(self, zoom: float, anchor: QPointF | None) -> None:
        zoom = max(MIN_ZOOM, min(MAX_ZOOM, zoom))
        if self._decoded is None:
            self._zoom = zoom
            return
        viewport = self._scroll.viewport()
        if anchor is None:
            anchor = QPointF(viewport.width() / 2, viewport.height() / 2)
        h, v = self._scroll.horizontalScrollBar(), self._scroll.verticalScrollBar()
        # The image point under the anchor, in image pixels, stays under it after zooming.
        canvas_pos = self._canvas.pos()
        image_x = (anchor.x() - canvas_pos.x()) / self._zoom
        image_y = (anchor.y() - canvas_pos.y()) / self._zoom
        self._zoom = zoom
        self._canvas.set_zoom(zoom)
        h.setValue(round(image_x * zoom - anchor.x()))
        v.setValue(round(image_y * zoom - anchor.y()))
        self._zoom_label.setText(f"{zoom * 100:.0f} %")
        self._fit_button.setChecked(self._fit)
        self._scroll.update_cursor()
        self.zoom_changed.emit(zoom)
