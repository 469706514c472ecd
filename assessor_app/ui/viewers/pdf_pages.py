"""The continuous page column: paints pages, placeholders, hits, selection and citation marks.

One widget as tall as the whole document, inside :class:`PageScrollArea`. It paints only the
pages the exposed area touches; a page not rendered yet at the current scale is drawn from any
other cached scale (slightly blurred) or as a blank page with its number. It does not render:
the viewer asks the renderer for the pages in view.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QFont,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QRegion,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QMenu, QScrollArea, QWidget

from assessor_app.ui.viewers.pdf_document import Rect, Word
from assessor_app.ui.viewers.pdf_layout import PageLayout
from assessor_app.ui.viewers.pdf_render import PdfRenderer
from assessor_app.ui.viewers.pdf_search import SearchResults
from assessor_app.ui.viewers.pdf_selection import Drag

CITED_COLOUR = QColor(211, 84, 0)  # a strong orange that reads on white and grey
HIT_COLOUR = QColor(255, 213, 0, 110)
CURRENT_HIT_COLOUR = QColor(255, 120, 0, 150)
SELECTION_COLOUR = QColor(0, 110, 220, 80)
FAILED_TEXT_COLOUR = QColor(160, 20, 20)
PLACEHOLDER_TEXT_COLOUR = QColor(150, 150, 150)
SHADOW_COLOUR = QColor(0, 0, 0, 45)
BORDER_COLOUR = QColor(0, 0, 0, 60)
FRAME_WIDTH = 4


class PageColumn(QWidget):
    """All pages, top to bottom. Coordinates are logical pixels of the column."""

    watched_page_painted = Signal(int)  # page index painted from its exact-scale render
    selection_changed = Signal()
    copy_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("PDF pages")
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setCursor(Qt.CursorShape.IBeamCursor)
        self.pages: PageLayout | None = None
        self.renderer: PdfRenderer | None = None
        self.words_for: Callable[[int], list[Word]] = lambda _index: []
        self.results: SearchResults | None = None
        self.cited: range | None = None
        self.cited_label = ""
        self.watch_page: int | None = None
        self.selected: list[Word] = []
        self.selected_page: int | None = None
        self._drag: Drag | None = None
        self._drag_origin: QPointF | None = None
        self._drag_point: QPointF | None = None

    # -- state the viewer sets ------------------------------------------------------------
    def set_pages(self, pages: PageLayout | None) -> None:
        self.pages = pages
        if pages is None:
            self.setFixedSize(0, 0)
        else:
            self.setFixedSize(pages.width, pages.height)
        self.update()

    @property
    def zoom(self) -> float:
        return self.pages.zoom if self.pages is not None else 1.0

    def dpr(self) -> float:
        return self.devicePixelRatioF()

    def render_scale(self) -> float:
        return self.zoom * self.devicePixelRatioF()

    def page_rect(self, index: int) -> QRect:
        if self.pages is None or not 0 <= index < self.pages.page_count:
            return QRect()
        return QRect(*self.pages.box(index))

    def update_page(self, index: int) -> None:
        """Repaint one page with its frame and label."""
        rect = self.page_rect(index)
        if not rect.isNull():
            margin = FRAME_WIDTH + 4
            self.update(rect.adjusted(-margin, -margin, margin, margin))

    def clear_selection(self) -> None:
        if self.selected:
            self.selected = []
            self.selected_page = None
            self.update()
            self.selection_changed.emit()

    def to_page(self, index: int, point: QPointF) -> tuple[float, float]:
        """A column point as PDF points on page ``index``."""
        rect = self.page_rect(index)
        return ((point.x() - rect.x()) / self.zoom, (point.y() - rect.y()) / self.zoom)

    def from_page(self, index: int, area: Rect) -> QRectF:
        rect, zoom = self.page_rect(index), self.zoom
        x0, y0, x1, y1 = area
        return QRectF(
            rect.x() + x0 * zoom, rect.y() + y0 * zoom, (x1 - x0) * zoom, (y1 - y0) * zoom
        )

    def page_under(self, point: QPoint) -> int | None:
        if self.pages is None or self.pages.page_count == 0:
            return None
        index = self.pages.page_at(point.y())
        return index if self.page_rect(index).contains(point) else None

    # -- painting -------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        exposed = event.rect()
        painter = QPainter(self)
        reach = FRAME_WIDTH + 4
        pages = self.pages
        shown = (
            pages.pages_between(exposed.top() - reach, exposed.bottom() + reach) if pages else []
        )
        # Only around the pages: filling under them too would cost a whole viewport of pixels.
        background = QRegion(exposed)
        for index in shown:
            background -= QRegion(self.page_rect(index))
        colour = self.palette().window().color().darker(112)
        for area in background:
            painter.fillRect(area, colour)
        watched_painted = False
        for index in shown:
            if self._paint_page(painter, index) and index == self.watch_page:
                watched_painted = True
        painter.end()
        if watched_painted and self.watch_page is not None:
            page, self.watch_page = self.watch_page, None
            self.watched_page_painted.emit(page)

    def _paint_page(self, painter: QPainter, index: int) -> bool:
        """Paint one page; True when it was painted from its exact-scale render."""
        rect = self.page_rect(index)
        painter.fillRect(rect.right() + 1, rect.top() + 3, 3, rect.height(), SHADOW_COLOUR)
        painter.fillRect(rect.left() + 3, rect.bottom() + 1, rect.width() - 2, 3, SHADOW_COLOUR)
        scale = self.render_scale()
        renderer = self.renderer
        pixmap = renderer.pixmap(index, scale) if renderer is not None else None
        exact = pixmap is not None
        if pixmap is None and renderer is not None:
            # Another zoom's render stands in; a thumbnail blown up is only blur, and slow.
            stand_in = renderer.nearest_pixmap(index, scale)
            if stand_in is not None and 2 * stand_in.width() >= rect.width() * self.dpr():
                pixmap = stand_in
        covered = (
            exact and pixmap is not None and pixmap.deviceIndependentSize().toSize() == rect.size()
        )
        if not covered:
            painter.fillRect(rect, Qt.GlobalColor.white)
        if pixmap is not None:
            if exact:
                painter.drawPixmap(rect.topLeft(), pixmap)
            else:
                painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
                painter.drawPixmap(rect, pixmap)
                painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
        failure = renderer.failed.get(index) if renderer is not None else None
        if failure is not None:
            self._paint_text(painter, rect, f"Page {index + 1} could not be displayed.\n{failure}")
        elif pixmap is None:
            self._paint_text(painter, rect, f"Page {index + 1}", PLACEHOLDER_TEXT_COLOUR)
        _frame(painter, rect, 1, BORDER_COLOUR)
        self._paint_marks(painter, index)
        if self.cited is not None and index in self.cited:
            first = index == self.cited.start
            self._paint_citation(painter, rect, self.cited_label if first else "Cited (continued)")
        return exact

    def _paint_text(
        self, painter: QPainter, rect: QRect, text: str, colour: QColor = FAILED_TEXT_COLOUR
    ) -> None:
        painter.setPen(colour)
        flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
        painter.drawText(rect.adjusted(16, 16, -16, -16), int(flags), text)

    def _paint_marks(self, painter: QPainter, index: int) -> None:
        painter.setPen(Qt.PenStyle.NoPen)
        if self.results is not None:
            current = self.results.current_hit()
            for area in self.results.on_page(index):
                is_current = current is not None and current.page == index and current.rect == area
                painter.setBrush(CURRENT_HIT_COLOUR if is_current else HIT_COLOUR)
                painter.drawRect(self.from_page(index, area))
        if self.selected_page == index:
            painter.setBrush(SELECTION_COLOUR)
            for area in _line_boxes(self.selected):
                painter.drawRect(self.from_page(index, area))
        drag = self._drag
        rubber_band = drag is not None and drag.page == index and drag.anchor_word is None
        if rubber_band and self._drag_point is not None and self._drag_origin is not None:
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(SELECTION_COLOUR.darker(150), 1, Qt.PenStyle.DashLine))
            painter.drawRect(QRectF(self._drag_origin, self._drag_point).normalized())
        painter.setBrush(Qt.BrushStyle.NoBrush)

    def _paint_citation(self, painter: QPainter, rect: QRect, text: str) -> None:
        outset = FRAME_WIDTH + 1
        _frame(painter, rect.adjusted(-outset, -outset, outset, outset), FRAME_WIDTH, CITED_COLOUR)
        font = QFont(self.font())
        font.setBold(True)
        painter.setFont(font)
        metrics = painter.fontMetrics()
        tab = QRect(rect.x(), rect.y(), metrics.horizontalAdvance(text) + 16, metrics.height() + 8)
        painter.fillRect(tab, CITED_COLOUR)
        painter.setPen(Qt.GlobalColor.white)
        painter.drawText(tab, int(Qt.AlignmentFlag.AlignCenter), text)
        painter.setFont(self.font())

    # -- selection ------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        self.clear_selection()
        index = self.page_under(event.position().toPoint())
        if index is None:
            self._drag = None
            return
        origin = self.to_page(index, event.position())
        rectangle = bool(event.modifiers() & Qt.KeyboardModifier.AltModifier)
        self._drag = Drag.start(index, origin, self.words_for(index), rectangle=rectangle)
        self._drag_origin = event.position()
        self._drag_point = None

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drag is None or not event.buttons() & Qt.MouseButton.LeftButton:
            super().mouseMoveEvent(event)
            return
        page_rect = QRectF(self.page_rect(self._drag.page))
        x = min(max(event.position().x(), page_rect.left()), page_rect.right())
        y = min(max(event.position().y(), page_rect.top()), page_rect.bottom())
        self._drag_point = QPointF(x, y)
        words = self.words_for(self._drag.page)
        self.selected = self._drag.select(words, self.to_page(self._drag.page, self._drag_point))
        self.selected_page = self._drag.page if self.selected else None
        self.update_page(self._drag.page)
        self.selection_changed.emit()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._drag is not None:
            self.update_page(self._drag.page)
        self._drag = None
        self._drag_point = None
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        index = self.page_under(event.position().toPoint())
        if index is None:
            return
        drag = Drag.start(index, self.to_page(index, event.position()), self.words_for(index))
        if drag.anchor_word is not None:
            self.selected = [self.words_for(index)[drag.anchor_word]]
            self.selected_page = index
            self.update_page(index)
            self.selection_changed.emit()

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = QMenu(self)
        copy = menu.addAction("Copy")
        copy.setEnabled(bool(self.selected))
        copy.triggered.connect(self.copy_requested)
        menu.exec(event.globalPos())


def _line_boxes(words: list[Word]) -> list[Rect]:
    """One box per line of selected words, so that a selection reads as a band."""
    boxes: dict[tuple[int, int], Rect] = {}
    for word in words:
        key = (word.block, word.line)
        x0, y0, x1, y1 = word.rect
        if key in boxes:
            bx0, by0, bx1, by1 = boxes[key]
            boxes[key] = (min(bx0, x0), min(by0, y0), max(bx1, x1), max(by1, y1))
        else:
            boxes[key] = word.rect
    return list(boxes.values())


def _frame(painter: QPainter, rect: QRect, width: int, colour: QColor) -> None:
    """A rectangular frame ``width`` pixels wide just inside ``rect`` (fills are cheaper)."""
    x, y, w, h = rect.x(), rect.y(), rect.width(), rect.height()
    painter.fillRect(x, y, w, width, colour)
    painter.fillRect(x, y + h - width, w, width, colour)
    painter.fillRect(x, y + width, width, h - 2 * width, colour)
    painter.fillRect(x + w - width, y + width, width, h - 2 * width, colour)


class PageScrollArea(QScrollArea):
    """Scrolls the page column; Ctrl+wheel zooms instead of scrolling."""

    zoom_requested = Signal(int, QPoint)  # wheel steps (+ in, − out), viewport position
    resized = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Document pages")
        self.setWidgetResizable(False)
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.verticalScrollBar().setSingleStep(40)
        self.horizontalScrollBar().setSingleStep(40)
        self._wheel_rest = 0

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self._wheel_rest += event.angleDelta().y()
            steps = int(self._wheel_rest / 120)
            if steps:
                self._wheel_rest -= steps * 120
                self.zoom_requested.emit(steps, event.position().toPoint())
            event.accept()
            return
        super().wheelEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.resized.emit()
