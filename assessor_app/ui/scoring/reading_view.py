"""The read-only text view of the narrative pane, set up for reading.

Text is centred in a column of at most ~74 average characters with a comfortable gutter; the
reading font follows the widget's (application) font, a little larger, times the zoom. Zoom
changes the *document's* default font (all sizes in the documents are relative), never the
widget's, and Ctrl+wheel zooms instead of changing the widget font as QTextEdit would.
Documents are swapped in and out (one per part); each keeps its own font and margins.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QFontMetricsF, QResizeEvent, QTextDocument, QWheelEvent
from PySide6.QtWidgets import QFrame, QTextBrowser, QTextEdit, QWidget

READING_SCALE = 1.1  # the reading text is a little larger than the interface font
ZOOM_FACTOR = 1.1
MIN_ZOOM, MAX_ZOOM = -5, 10
MEASURE_CHARS = 74  # the longest comfortable line, in average characters


class ReadingView(QTextBrowser):
    zoom_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setUndoRedoEnabled(False)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setLineWrapMode(QTextEdit.LineWrapMode.WidgetWidth)
        self.setAccessibleName("Narrative text")
        self._zoom = 0
        self._pending_scroll: float | None = None
        self.verticalScrollBar().rangeChanged.connect(self._range_changed)

    # --- documents ------------------------------------------------------------------------
    def reading_font(self) -> QFont:
        font = QFont(self.font())
        size = font.pointSizeF() if font.pointSizeF() > 0 else 10.0
        font.setPointSizeF(size * READING_SCALE * ZOOM_FACTOR**self._zoom)
        return font

    def show_document(self, document: QTextDocument, scroll_fraction: float = 0.0) -> None:
        self._apply_font(document)
        self.setDocument(document)
        self.update_margins()
        self.set_scroll_fraction(scroll_fraction)

    def _apply_font(self, document: QTextDocument) -> None:
        font = self.reading_font()
        if document.defaultFont() != font:
            document.setDefaultFont(font)

    def update_margins(self) -> None:
        """Centre a readable column: at most ~74 characters wide, at least a small gutter."""
        document = self.document()
        metrics = QFontMetricsF(document.defaultFont())
        em = metrics.height()
        measure = metrics.averageCharWidth() * MEASURE_CHARS
        side = round(max(1.4 * em, (self.viewport().width() - measure) / 2))
        top, bottom = round(1.2 * em), round(3.0 * em)
        root = document.rootFrame()
        fmt = root.frameFormat()
        current = (fmt.leftMargin(), fmt.rightMargin(), fmt.topMargin(), fmt.bottomMargin())
        if current != (side, side, top, bottom):
            fmt.setLeftMargin(side)
            fmt.setRightMargin(side)
            fmt.setTopMargin(top)
            fmt.setBottomMargin(bottom)
            root.setFrameFormat(fmt)

    # --- zoom -----------------------------------------------------------------------------
    def zoom_level(self) -> int:
        return self._zoom

    def zoom_by(self, steps: int) -> None:
        zoom = max(MIN_ZOOM, min(MAX_ZOOM, self._zoom + steps))
        if zoom == self._zoom:
            return
        fraction = self.scroll_fraction()
        self._zoom = zoom
        self._apply_font(self.document())
        self.update_margins()
        self.set_scroll_fraction(fraction)
        self.zoom_changed.emit(zoom)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = round(event.angleDelta().y() / 120)
            if steps:
                self.zoom_by(steps)
            event.accept()
            return
        super().wheelEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.update_margins()

    # --- position -------------------------------------------------------------------------
    def scroll_fraction(self) -> float:
        bar = self.verticalScrollBar()
        return bar.value() / bar.maximum() if bar.maximum() > 0 else 0.0

    def set_scroll_fraction(self, fraction: float) -> None:
        fraction = min(1.0, max(0.0, float(fraction)))
        bar = self.verticalScrollBar()
        if bar.maximum() <= 0 and fraction > 0:
            self._pending_scroll = fraction  # not laid out yet: apply when the range is known
            return
        self._pending_scroll = None
        bar.setValue(round(fraction * bar.maximum()))

    def _range_changed(self, _minimum: int, maximum: int) -> None:
        if self._pending_scroll is not None and maximum > 0:
            self.set_scroll_fraction(self._pending_scroll)
