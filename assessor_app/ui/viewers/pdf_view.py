"""The PDF artifact viewer: continuous pages, zoom, search, selection, and cited pages.

Page numbers in this public API are 1-based, as the candidate cites them; inside, pages are
0-based indices. A broken, encrypted or unreadable file shows a message in the pane and emits
:attr:`PdfViewer.error`; it never raises to the caller.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QStackedWidget, QVBoxLayout, QWidget

from assessor_app.ui.viewers.pdf_document import (
    MUPDF_LOCK,
    PageWords,
    PdfOpenError,
    open_pdf,
    page_sizes,
    words_text,
)
from assessor_app.ui.viewers.pdf_find import FindController
from assessor_app.ui.viewers.pdf_page_view import PageView
from assessor_app.ui.viewers.pdf_render import DEFAULT_CACHE_BYTES, PdfRenderer
from assessor_app.ui.viewers.pdf_search import PdfSearcher, SearchResults
from assessor_app.ui.viewers.pdf_thumbnails import PageThumbnails
from assessor_app.ui.viewers.pdf_toolbar import NoticeBanner, PdfToolbar

KeySpec = str | QKeySequence.StandardKey
THUMBNAIL_SYNC_LIMIT_MS = 500


def _sequences(keys: Iterable[KeySpec]) -> list[QKeySequence]:
    """Key sequences for ``keys`` without duplicates (a duplicated shortcut never fires)."""
    found: dict[str, QKeySequence] = {}
    for key in keys:
        bindings = [QKeySequence(key)] if isinstance(key, str) else QKeySequence.keyBindings(key)
        for sequence in bindings:
            if not sequence.isEmpty():
                found.setdefault(sequence.toString(), sequence)
    return list(found.values())


def _pages_text(count: int) -> str:
    return f"{count} page{'s' if count != 1 else ''}"


def _locator(first: int, last: int) -> str:
    return f"p. {first}" if first == last else f"pp. {first}–{last}"


class _DocumentThreads:
    """The open document's render and search threads. Plain Python: callable from
    ``destroyed``, when the viewer's C++ side is already gone."""

    def __init__(self) -> None:
        self.renderer: PdfRenderer | None = None
        self.searcher: PdfSearcher | None = None

    def stop(self) -> None:
        renderer, searcher = self.renderer, self.searcher
        self.renderer = self.searcher = None
        if renderer is not None:
            renderer.close()
        if searcher is not None:
            searcher.close()


class PdfViewer(QWidget):
    current_page_changed = Signal(int)  # 1-based page most in view
    citation_shown = Signal(int)  # 1-based cited page, once painted from its rendered image
    error = Signal(str)  # a message for the assessor (unreadable file, a page that fails)
    page_rendered = Signal(int)  # 1-based page whose render at the current zoom is ready

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        cache_bytes: int = DEFAULT_CACHE_BYTES,
        render_workers: int = 1,
    ) -> None:
        super().__init__(parent)
        self.setAccessibleName("PDF viewer")
        self._cache_bytes = cache_bytes
        self._render_workers = render_workers
        self._title = ""
        self._message = ""
        self._threads = _DocumentThreads()
        self._words: PageWords | None = None
        self._reported_failures: set[int] = set()
        self._build()
        self._connect()
        # Should the widget be deleted without close(), still stop the threads it started.
        self.destroyed.connect(self._threads.stop)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.close_document)

    # -- construction ---------------------------------------------------------------------
    def _build(self) -> None:
        self.toolbar = PdfToolbar()
        self.banner = NoticeBanner()
        self.thumbnails = PageThumbnails()
        self.page_view = PageView()
        self.column = self.page_view.column
        self.finder = FindController(self.toolbar, self.page_view, self)
        pages = QWidget()
        pages.setAccessibleName("Page list and pages")
        side_by_side = QHBoxLayout(pages)
        side_by_side.setContentsMargins(0, 0, 0, 0)
        side_by_side.setSpacing(0)
        side_by_side.addWidget(self.thumbnails)
        side_by_side.addWidget(self.page_view, 1)
        content = QWidget()
        content.setAccessibleName("Document")
        rows = QVBoxLayout(content)
        rows.setContentsMargins(0, 0, 0, 0)
        rows.setSpacing(2)
        rows.addWidget(self.toolbar)
        rows.addWidget(self.banner)
        rows.addWidget(pages, 1)
        self.message_label = QLabel()
        self.message_label.setAccessibleName("Document message")
        self.message_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message_label.setWordWrap(True)
        self.message_label.setTextFormat(Qt.TextFormat.RichText)
        self.message_label.setMargin(24)
        self.stack = QStackedWidget()
        self.stack.setAccessibleName("PDF viewer pane")
        self.stack.addWidget(content)
        self.stack.addWidget(self.message_label)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)
        self.setFocusProxy(self.page_view)
        self._thumbnail_sync = QTimer(self, singleShot=True, interval=0)
        self._thumbnail_sync.timeout.connect(self._sync_thumbnails)
        self._show_message("No document is open.", title="")

    def _connect(self) -> None:
        tb, view = self.toolbar, self.page_view
        tb.page_entered.connect(self.go_to_page)
        tb.previous_page.connect(lambda: self.go_to_page(self.current_page() - 1))
        tb.next_page.connect(lambda: self.go_to_page(self.current_page() + 1))
        tb.zoom_in.connect(view.zoom_in)
        tb.zoom_out.connect(view.zoom_out)
        tb.fit_width.connect(view.fit_width)
        tb.fit_page.connect(view.fit_page)
        tb.thumbnails_toggled.connect(self.thumbnails.setVisible)
        tb.search_requested.connect(self.find_text)
        tb.search_next.connect(self.find_next)
        tb.search_previous.connect(self.find_previous)
        tb.search_cleared.connect(self.clear_search)
        self.thumbnails.page_chosen.connect(lambda index: self.go_to_page(index + 1))
        view.current_page_changed.connect(self._on_current_page)
        view.zoom_changed.connect(tb.set_zoom)
        view.page_rendered.connect(lambda index: self.page_rendered.emit(index + 1))
        view.watched_page_painted.connect(self._on_citation_painted)
        self.column.copy_requested.connect(self.copy_selection)
        shortcuts: tuple[tuple[tuple[KeySpec, ...], object], ...] = (
            (("Ctrl+=", "Ctrl++", QKeySequence.StandardKey.ZoomIn), view.zoom_in),
            (("Ctrl+-", QKeySequence.StandardKey.ZoomOut), view.zoom_out),
            (("Ctrl+0",), view.fit_width),
            ((QKeySequence.StandardKey.Find,), tb.focus_search),
            ((QKeySequence.StandardKey.FindNext,), self.find_next),
            ((QKeySequence.StandardKey.FindPrevious,), self.find_previous),
            ((QKeySequence.StandardKey.Copy,), self.copy_selection),
        )
        for keys, slot in shortcuts:
            for sequence in _sequences(keys):
                shortcut = QShortcut(sequence, self)
                shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                shortcut.activated.connect(slot)

    # -- opening and closing --------------------------------------------------------------
    def open(self, path: Path, title: str = "") -> bool:
        """Show the PDF at ``path``; False (and a message in the pane) when it cannot be read."""
        self.close_document()
        self._title = title or path.name
        self.setAccessibleDescription(f"Showing {self._title}")
        try:
            doc = open_pdf(path)
            try:
                sizes = page_sizes(doc)
            finally:
                with MUPDF_LOCK:
                    doc.close()
        except PdfOpenError as exc:
            self._show_message(str(exc), title=self._title)
            self.error.emit(str(exc))
            return False
        renderer = PdfRenderer(path, workers=self._render_workers, cache_bytes=self._cache_bytes)
        renderer.page_failed.connect(self._on_page_failed)
        searcher = PdfSearcher(path, len(sizes))
        self._threads.renderer, self._threads.searcher = renderer, searcher
        self.finder.attach(searcher)
        self._words = PageWords(path)
        self.column.words_for = self._words.words
        self.toolbar.set_page_count(len(sizes))
        self.thumbnails.attach(renderer, sizes)
        self.stack.setCurrentIndex(0)
        self.page_view.set_document(sizes, renderer)
        return True

    def close_document(self) -> None:
        """Stop the render and search threads and forget the document. Safe to repeat."""
        self.page_view.set_document([], None)
        self.thumbnails.attach(None, [])
        self.finder.attach(None)
        self._threads.stop()
        if self._words is not None:
            self._words.close()
        self._words = None
        self._reported_failures = set()
        column = self.column
        column.cited, column.watch_page = None, None
        column.words_for = lambda _index: []
        column.selected, column.selected_page = [], None
        self.banner.hide()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.close_document()
        super().closeEvent(event)

    def _show_message(self, reason: str, *, title: str) -> None:
        self._message = reason
        parts = [f"<p>{html.escape(reason)}</p>"]
        if title:
            heading = html.escape(f"“{title}” cannot be shown")
            parts.insert(0, f"<p style='font-size: large'><b>{heading}</b></p>")
            parts.append(
                "<p style='color: gray'>The rest of the submission can still be assessed. "
                "If this file matters for a judgment, note that it could not be opened.</p>"
            )
        self.message_label.setText("".join(parts))
        self.message_label.setAccessibleDescription(reason)
        self.stack.setCurrentIndex(1)

    # -- state ----------------------------------------------------------------------------
    def is_open(self) -> bool:
        return self._threads.renderer is not None

    def page_count(self) -> int:
        return self.page_view.page_count()

    def current_page(self) -> int:
        """The 1-based page most in view (0 when no document is open)."""
        return self.page_view.current_index() + 1

    def message(self) -> str:
        """Why the document is not shown ("" when it is)."""
        return "" if self.is_open() else self._message

    def notice(self) -> str:
        """The inline warning shown above the pages ("" when none)."""
        return self.banner.text()

    def zoom(self) -> float:
        """Logical pixels per PDF point."""
        return self.page_view.zoom()

    def render_scale(self) -> float:
        """Device pixels per PDF point the pages are rendered at (zoom × device pixel ratio)."""
        return self.page_view.render_scale()

    @property
    def renderer(self) -> PdfRenderer | None:
        return self._threads.renderer

    def _on_current_page(self, index: int) -> None:
        self.toolbar.set_current_page(index + 1)
        if self.column.watch_page is None:  # else after the cited page is painted
            self._thumbnail_sync.start(0)
        self.current_page_changed.emit(index + 1)

    def _on_citation_painted(self, index: int) -> None:
        self.citation_shown.emit(index + 1)
        self._thumbnail_sync.start(0)

    def _sync_thumbnails(self) -> None:
        """Follow the pages in the page list, after the pages themselves have been painted."""
        self.thumbnails.mark_cited(self.column.cited)
        self.thumbnails.set_current(self.page_view.current_index())

    def _on_page_failed(self, page: int, message: str) -> None:
        if page not in self._reported_failures:
            self._reported_failures.add(page)
            self.error.emit(f"Page {page + 1} of “{self._title}” could not be displayed: {message}")

    # -- navigation and citations ---------------------------------------------------------
    def go_to_page(self, page: int) -> bool:
        """Scroll to the top of 1-based ``page``; False when there is no such page."""
        if not self.is_open() or not 1 <= page <= self.page_count():
            return False
        self.page_view.scroll_to_page(page - 1)
        return True

    def show_citation(self, page: int, page_end: int | None = None) -> bool:
        """Bring cited ``page`` (to ``page_end``) into view, framed and labelled "Cited".

        When ``page`` is not in the document: shows a warning, stays where it is, returns
        False. When only ``page_end`` is past the end: shows the pages that exist, warns, and
        returns True. :attr:`citation_shown` follows once the page is painted.
        """
        count = self.page_count()
        last = page if page_end is None or page_end < page else page_end
        cited = _locator(page, last)
        if not self.is_open():
            self.banner.show_message(f"The candidate cited {cited}, but no document is open.")
            return False
        if not 1 <= page <= count:
            self.banner.show_message(
                f"The candidate cited {cited} but this document has {_pages_text(count)}."
            )
            return False
        if last > count:
            self.banner.show_message(
                f"The candidate cited {cited} but this document has {_pages_text(count)}; "
                f"showing {_locator(page, count)}."
            )
            last = count
        else:
            self.banner.hide()
        self.column.cited = range(page - 1, last)
        self.column.cited_label = "Cited" if last == page else f"Cited pp. {page}–{last}"
        self.column.watch_page = page - 1
        # The page list follows once the cited page is painted: meanwhile the GUI stays idle
        # so that the render thread has the GIL to itself.
        self._thumbnail_sync.start(THUMBNAIL_SYNC_LIMIT_MS)
        self.page_view.scroll_to_page(page - 1, focus=True)  # paints before it returns
        return True

    def clear_citation(self) -> None:
        """Remove the cited-page marks and the citation warning."""
        self.column.cited, self.column.watch_page = None, None
        self.page_view.clear_focus()
        self._thumbnail_sync.start(0)
        self.banner.hide()
        self.column.update()

    def prefetch_pages(self, pages: Iterable[int]) -> None:
        """Render these 1-based pages (every cited page, say) before they are shown."""
        self.page_view.prefetch(p - 1 for p in pages)

    # -- search ---------------------------------------------------------------------------
    def find_text(self, text: str) -> None:
        """Search for ``text`` from the current page on; hits are highlighted as they come.

        (Not ``find``: that name is QWidget's static ``find(WId)``.)
        """
        self.finder.find(text)

    def find_next(self) -> None:
        self.finder.step(+1)

    def find_previous(self) -> None:
        self.finder.step(-1)

    def clear_search(self) -> None:
        self.finder.clear()

    @property
    def search_results(self) -> SearchResults | None:
        return self.finder.results

    # -- selection ------------------------------------------------------------------------
    def selected_text(self) -> str:
        return words_text(self.column.selected)

    def copy_selection(self) -> bool:
        """Put the selected words on the clipboard; False when nothing is selected."""
        text = self.selected_text()
        if not text:
            return False
        QGuiApplication.clipboard().setText(text)
        return True
