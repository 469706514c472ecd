"""The page list: one small thumbnail per page with its number; cited pages are tinted.

Thumbnails come from the viewer's renderer at the lowest priority, only for the rows in view.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPoint, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListView,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyleOptionViewItem,
    QWidget,
)

from assessor_app.ui.viewers.pdf_render import PdfRenderer
from assessor_app.ui.viewers.pdf_render_queue import quantize_scale

THUMB_SIZE = 88  # logical pixels, the longer side of a thumbnail
CITED_TINT = QColor(230, 126, 34, 70)


class PageThumbnails(QListWidget):
    page_chosen = Signal(int)  # 0-based page index the assessor clicked

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Page list")
        self.setViewMode(QListView.ViewMode.ListMode)
        self.setFlow(QListView.Flow.TopToBottom)
        self.setWrapping(False)
        self.setItemAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.setMovement(QListView.Movement.Static)
        self.setUniformItemSizes(True)
        self.setIconSize(QSize(THUMB_SIZE, THUMB_SIZE))
        self.setSpacing(3)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scrollbar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        self.setFixedWidth(THUMB_SIZE + 24 + scrollbar + 2 * self.frameWidth())
        self._renderer: PdfRenderer | None = None
        self._scales: list[float] = []
        self._cited: range | None = None
        self._request_timer = QTimer(self, singleShot=True, interval=50)
        self._request_timer.timeout.connect(self._request_visible)
        self.verticalScrollBar().valueChanged.connect(self._request_timer.start)
        self.itemClicked.connect(lambda item: self.page_chosen.emit(self.row(item)))
        self.itemActivated.connect(lambda item: self.page_chosen.emit(self.row(item)))

    def attach(self, renderer: PdfRenderer | None, sizes: Sequence[tuple[float, float]]) -> None:
        """Show the pages of a new document (``renderer`` None: no document)."""
        if self._renderer is not None:
            self._renderer.page_ready.disconnect(self._on_page_ready)
        self._renderer = renderer
        self._cited = None
        self.clear()
        dpr = self.devicePixelRatioF()
        self._scales = [quantize_scale(THUMB_SIZE / max(w, h, 1.0) * dpr) for w, h in sizes]
        blanks: dict[tuple[int, int], QIcon] = {}
        for index, (w, h) in enumerate(sizes):
            shape = (round(THUMB_SIZE * w / max(w, h)), round(THUMB_SIZE * h / max(w, h)))
            if shape not in blanks:
                blanks[shape] = QIcon(_blank_page(*shape))
            item = QListWidgetItem(blanks[shape], str(index + 1))
            item.setTextAlignment(Qt.AlignmentFlag.AlignHCenter)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"Page {index + 1}")
            self.addItem(item)
        if renderer is not None:
            renderer.page_ready.connect(self._on_page_ready)
            self._request_timer.start()

    def set_current(self, index: int) -> None:
        if 0 <= index < self.count() and self.currentRow() != index:
            self.blockSignals(True)
            self.setCurrentRow(index)
            self.blockSignals(False)
            self.scrollToItem(self.item(index))

    def mark_cited(self, pages: range | None) -> None:
        """Tint the cited pages (None: no page is cited)."""
        changed = {*(self._cited or ()), *(pages or ())}
        self._cited = pages
        for index in sorted(changed):
            item = self.item(index)
            if item is None:
                continue
            cited = pages is not None and index in pages
            item.setBackground(QBrush(CITED_TINT) if cited else QBrush())
            item.setToolTip("Cited page" if cited else "")
            label = f"Page {index + 1}, cited" if cited else f"Page {index + 1}"
            item.setData(Qt.ItemDataRole.AccessibleTextRole, label)

    def initViewItemOption(self, option: QStyleOptionViewItem) -> None:
        """Page numbers go under their thumbnails."""
        super().initViewItemOption(option)
        option.decorationPosition = QStyleOptionViewItem.Position.Top
        option.decorationAlignment = Qt.AlignmentFlag.AlignCenter
        option.displayAlignment = Qt.AlignmentFlag.AlignHCenter

    def showEvent(self, event: object) -> None:
        super().showEvent(event)  # type: ignore[arg-type]
        self._request_timer.start()

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)  # type: ignore[arg-type]
        self._request_timer.start()

    def _visible_rows(self) -> range:
        """Rows in view plus a couple either side (all rows when the view cannot tell)."""
        if self.count() == 0:
            return range(0)
        viewport = self.viewport().rect()
        x = viewport.center().x()
        first = self.indexAt(QPoint(x, viewport.top() + 2)).row()
        last = self.indexAt(QPoint(x, viewport.bottom() - 2)).row()
        if first < 0:
            first = 0
        if last < 0:
            last = min(self.count() - 1, first + viewport.height() // max(1, THUMB_SIZE) + 1)
        return range(max(0, first - 2), min(self.count(), last + 3))

    def _request_visible(self) -> None:
        if self._renderer is None or not self.isVisible():
            return
        wanted: list[tuple[int, float]] = []
        for row in self._visible_rows():
            if self.item(row).data(Qt.ItemDataRole.UserRole) is not None:
                continue
            if self._renderer.is_cached(row, self._scales[row]):
                self._on_page_ready(row, self._scales[row])
            else:
                wanted.append((row, self._scales[row]))
        self._renderer.thumbnails(wanted, self.devicePixelRatioF())

    def _on_page_ready(self, page: int, scale: float) -> None:
        if not (0 <= page < len(self._scales)) or scale != self._scales[page]:
            return
        renderer = self._renderer
        pixmap = renderer.pixmap(page, scale) if renderer is not None else None
        item = self.item(page)
        if pixmap is not None and item is not None:
            item.setIcon(QIcon(pixmap))
            item.setData(Qt.ItemDataRole.UserRole, True)  # has its real thumbnail


def _blank_page(width: int, height: int) -> QPixmap:
    pixmap = QPixmap(max(1, width), max(1, height))
    pixmap.fill(Qt.GlobalColor.white)
    painter = QPainter(pixmap)
    painter.setPen(QColor(180, 180, 180))
    painter.drawRect(0, 0, pixmap.width() - 1, pixmap.height() - 1)
    painter.end()
    return pixmap
