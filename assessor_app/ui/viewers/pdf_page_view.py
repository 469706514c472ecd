"""The scrolling page area: zoom and fit modes, keeping the reader's place, render requests.

:class:`PageView` owns the page column and its scroll area. Whenever what is in view changes
(scroll, resize, zoom) it asks the renderer for the visible pages, the cited page first, plus
a few nearby ones; the renderer drops whatever was asked before and is no longer wanted.
Page indices here are 0-based.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import QEvent, QPoint, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from assessor_app.ui.viewers.pdf_layout import (
    PageLayout,
    clamp_zoom,
    fit_page_zoom,
    fit_width_zoom,
    next_zoom_step,
)
from assessor_app.ui.viewers.pdf_pages import PageColumn, PageScrollArea
from assessor_app.ui.viewers.pdf_render import PdfRenderer
from assessor_app.ui.viewers.pdf_render_queue import quantize_scale

MARGIN = 16
TOP_GAP = 12  # logical pixels left above a page's top edge when jumping to it
RESIZE_RENDER_DELAY_MS = 120
HOLD_LIMIT_MS = 1500  # the longest the renderer waits on an awaited page before going on
FIT_WIDTH, FIT_PAGE = "width", "page"


class PageView(QWidget):
    current_page_changed = Signal(int)  # index of the page most in view
    zoom_changed = Signal(float, object)  # zoom, fit mode (FIT_WIDTH, FIT_PAGE or None)
    page_rendered = Signal(int)  # index whose render at the current scale is ready
    watched_page_painted = Signal(int)  # index of the watched page, painted from its render

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Page area")
        self.column = PageColumn()
        self.scroll_area = PageScrollArea()
        self.scroll_area.setWidget(self.column)
        self.column.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.column.setFocusProxy(self.scroll_area)
        self.setFocusProxy(self.scroll_area)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.scroll_area)
        self._sizes: list[tuple[float, float]] = []
        self._renderer: PdfRenderer | None = None
        self.pages: PageLayout | None = None
        self._zoom = 1.0
        self._fit: str | None = FIT_WIDTH
        self._current = -1
        self._focus: int | None = None  # the cited page: rendered first, counted as current
        self._awaited: int | None = None  # the cited page until painted: rendered alone
        self._pending_scroll: int | None = None
        self._prefetch: list[int] = []
        self._render_timer = QTimer(self, singleShot=True, interval=0)
        self._render_timer.timeout.connect(self.request_render)
        self._hold_timer = QTimer(self, singleShot=True, interval=HOLD_LIMIT_MS)
        self._hold_timer.timeout.connect(self._release_hold)
        self.column.watched_page_painted.connect(self._on_watched_page_painted)
        self.scroll_area.zoom_requested.connect(self._on_wheel_zoom)
        self.scroll_area.resized.connect(self._on_resized)
        bar = self.scroll_area.verticalScrollBar()
        bar.valueChanged.connect(self._on_scrolled)
        bar.rangeChanged.connect(self._apply_pending_scroll)
        bar.actionTriggered.connect(self._on_user_scroll)
        self.scroll_area.horizontalScrollBar().valueChanged.connect(self._schedule_render)

    def set_document(
        self, sizes: Sequence[tuple[float, float]], renderer: PdfRenderer | None
    ) -> None:
        """Show pages of these sizes (points) from ``renderer``; empty sizes: nothing."""
        self._release_hold()
        if self._renderer is not None:
            self._renderer.page_ready.disconnect(self._on_page_ready)
            self._renderer.page_failed.disconnect(self._on_page_failed)
        self._sizes, self._renderer = list(sizes), renderer
        self.pages, self._current, self._focus = None, -1, None
        self._pending_scroll, self._prefetch = None, []
        self.column.renderer = renderer
        self.column.set_pages(None)
        self._render_timer.stop()
        if renderer is not None:
            renderer.page_ready.connect(self._on_page_ready)
            renderer.page_failed.connect(self._on_page_failed)
        if self._sizes:
            self._relayout(anchor=(0, 0.0))

    # -- state ----------------------------------------------------------------------------
    def page_count(self) -> int:
        return len(self._sizes)

    def current_index(self) -> int:
        return self._current

    def zoom(self) -> float:
        return self.pages.zoom if self.pages is not None else self._zoom

    def fit_mode(self) -> str | None:
        return self._fit

    def render_scale(self) -> float:
        return quantize_scale(self.zoom() * self.devicePixelRatioF())

    # -- navigation -----------------------------------------------------------------------
    def scroll_to_page(self, index: int, *, focus: bool = False) -> None:
        """Put the top of page ``index`` at the top of the view; ``focus``: it is cited."""
        if self.pages is None or not 0 <= index < self.page_count():
            return
        self._release_hold()
        self._focus = index if focus else None
        if focus and self._renderer is not None:
            # Until this page is painted, render nothing else: see RenderQueue.hold.
            self._awaited = index
            self._hold_timer.start()
            self._renderer.hold(index, self.render_scale())
        self._scroll_to(self.pages.box(index).y - TOP_GAP)
        self._update_current_page(prefer=index)
        if focus:
            # Paint now: a prefetched page is on screen before this returns, and a placeholder
            # is painted before the worker takes the GIL for the render.
            self._paint_now()
            self.request_render()
            self._render_timer.stop()  # just done: a second pass would only contend for the GIL

    def _paint_now(self) -> None:
        """Paint the visible part of the column at once instead of at the next event loop."""
        top, bottom = self._visible_band()
        visible = QRect(0, top, self.column.width(), bottom - top)
        self.column.repaint(visible.intersected(self.column.rect()))

    def clear_focus(self) -> None:
        self._focus = None
        self._release_hold()

    def _release_hold(self) -> None:
        self._hold_timer.stop()
        if self._awaited is not None and self._renderer is not None:
            self._renderer.release()
        self._awaited = None

    def _on_watched_page_painted(self, index: int) -> None:
        self.watched_page_painted.emit(index)
        if index == self._awaited:
            self._release_hold()

    def reveal(self, rect: QRect) -> None:
        """Scroll so ``rect`` (column coordinates) is in view, a third down if it was not."""
        top, bottom = self._visible_band()
        if rect.top() < top or rect.bottom() > bottom:
            self.clear_focus()
            self._scroll_to(rect.top() - self.scroll_area.viewport().height() // 3)
        self.scroll_area.ensureVisible(rect.center().x(), rect.center().y(), 40, 40)

    def prefetch(self, indices: Iterable[int]) -> None:
        """Keep these pages rendered at the current scale, in addition to earlier ones."""
        wanted = [i for i in indices if 0 <= i < self.page_count()]
        self._prefetch = list(dict.fromkeys([*self._prefetch, *wanted]))
        self._submit_prefetch()

    def _submit_prefetch(self) -> None:
        if self._renderer is not None and self.pages is not None and self._prefetch:
            self._renderer.prefetch(self._prefetch, self.render_scale(), self.devicePixelRatioF())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        bar = self.scroll_area.verticalScrollBar()
        if event.key() in (Qt.Key.Key_Home, Qt.Key.Key_End):
            self._on_user_scroll()
            bar.setValue(bar.minimum() if event.key() == Qt.Key.Key_Home else bar.maximum())
        else:
            super().keyPressEvent(event)

    # -- zoom and layout ------------------------------------------------------------------
    def zoom_in(self) -> None:
        self.set_zoom(next_zoom_step(self.zoom(), +1))

    def zoom_out(self) -> None:
        self.set_zoom(next_zoom_step(self.zoom(), -1))

    def set_zoom(self, zoom: float, at: QPoint | None = None) -> None:
        """Zoom to ``zoom`` (logical pixels per point), keeping the viewport point ``at`` still."""
        self._fit, self._zoom = None, clamp_zoom(zoom)
        self._relayout(at=at)

    def fit_width(self) -> None:
        self._fit = FIT_WIDTH
        self._relayout()

    def fit_page(self) -> None:
        self._fit = FIT_PAGE
        self._relayout()

    def _on_wheel_zoom(self, steps: int, at: QPoint) -> None:
        zoom = self.zoom()
        for _ in range(abs(steps)):
            zoom = next_zoom_step(zoom, 1 if steps > 0 else -1)
        self.set_zoom(zoom, at)

    def _on_resized(self) -> None:
        if self._fit is not None:
            self._relayout()
        self._render_timer.start(RESIZE_RENDER_DELAY_MS)

    def _relayout(
        self, *, anchor: tuple[int, float] | None = None, at: QPoint | None = None
    ) -> None:
        """Lay the pages out for the zoom mode, keeping the point ``at`` (or the top) still."""
        if not self._sizes:
            return
        viewport = self.scroll_area.viewport()
        width, height = max(1, viewport.width()), max(1, viewport.height())
        if self._fit == FIT_WIDTH:
            self._zoom = fit_width_zoom(self._sizes, width, MARGIN)
        elif self._fit == FIT_PAGE:
            self._zoom = fit_page_zoom(self._sizes, width, height, MARGIN)
        pages = PageLayout(self._sizes, self._zoom, width, margin=MARGIN, gap=MARGIN)
        old = self.pages
        unchanged = old is not None and (old.zoom, old.width) == (pages.zoom, pages.width)
        if anchor is None and unchanged:
            return
        vbar, hbar = self.scroll_area.verticalScrollBar(), self.scroll_area.horizontalScrollBar()
        focus = at if at is not None else QPoint(width // 2, 0)
        if anchor is None and old is not None:
            anchor = old.anchor(vbar.value() + focus.y())
        x_fraction = (hbar.value() + focus.x()) / old.width if old is not None else 0.5
        self.pages = pages
        self.column.set_pages(pages)
        if anchor is not None:
            self._scroll_to(pages.y_of(*anchor) - focus.y())
        hbar.setValue(round(x_fraction * pages.width) - focus.x())
        self.zoom_changed.emit(self._zoom, self._fit)
        self._update_current_page()
        self._submit_prefetch()
        self._schedule_render()

    # -- scrolling and rendering ----------------------------------------------------------
    def _scroll_to(self, y: int) -> None:
        bar = self.scroll_area.verticalScrollBar()
        y = max(0, y)
        bar.setValue(y)
        # Before the column is shown its scroll range may lag; finish the move when it updates.
        self._pending_scroll = y if bar.value() != y else None

    def _apply_pending_scroll(self) -> None:
        if self._pending_scroll is not None:
            bar = self.scroll_area.verticalScrollBar()
            bar.setValue(self._pending_scroll)
            if bar.value() == self._pending_scroll:
                self._pending_scroll = None

    def _on_user_scroll(self, *_args: object) -> None:
        self._pending_scroll = None
        self.clear_focus()

    def _on_scrolled(self) -> None:
        self._update_current_page()
        self._schedule_render()

    def _schedule_render(self) -> None:
        if not self._render_timer.isActive():
            self._render_timer.start(0)

    def _visible_band(self) -> tuple[int, int]:
        top = self.scroll_area.verticalScrollBar().value()
        return top, top + self.scroll_area.viewport().height()

    def request_render(self) -> None:
        """Ask for the pages in view (the cited one first) and the next few."""
        if self._renderer is None or self.pages is None:
            return
        if self._awaited is not None:
            self._renderer.hold(self._awaited, self.render_scale())
        top, bottom = self._visible_band()
        visible = list(self.pages.pages_between(top, bottom))
        if self._focus in visible:
            visible.remove(self._focus)
            visible.insert(0, self._focus)
        nearby: list[int] = []
        if visible:
            first, last = min(visible), max(visible)
            nearby = [p for p in (last + 1, first - 1, last + 2) if 0 <= p < self.page_count()]
        self._renderer.show(visible, nearby, self.render_scale(), self.devicePixelRatioF())

    def _update_current_page(self, prefer: int | None = None) -> None:
        if self.pages is None:
            return
        top, bottom = self._visible_band()
        prefer = prefer if prefer is not None else self._focus
        if prefer is not None and prefer in self.pages.pages_between(top, bottom):
            index = prefer
        else:
            index = self.pages.most_visible(top, bottom)
        if index != self._current:
            self._current = index
            self.current_page_changed.emit(index)

    def _on_page_ready(self, page: int, scale: float) -> None:
        if scale == self.render_scale():
            if page == self._awaited:
                self._paint_now()  # the reader is waiting for exactly this page
            else:
                self.column.update_page(page)
            self.page_rendered.emit(page)

    def _on_page_failed(self, page: int, _message: str) -> None:
        self.column.update_page(page)
        if page == self._awaited:
            self._release_hold()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.DevicePixelRatioChange:
            self.column.update()
            self._submit_prefetch()
            self._schedule_render()
        return super().event(event)
