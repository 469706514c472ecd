"""Find in document: runs the searcher, keeps the hits, moves the view from hit to hit.

The viewer owns one :class:`FindController`; :meth:`FindController.attach` gives it the
searcher of the open document (None when no document is open).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject

from assessor_app.ui.viewers.pdf_document import Rect
from assessor_app.ui.viewers.pdf_page_view import PageView
from assessor_app.ui.viewers.pdf_search import PdfSearcher, SearchHit, SearchResults
from assessor_app.ui.viewers.pdf_toolbar import PdfToolbar

log = logging.getLogger(__name__)


class FindController(QObject):
    def __init__(self, toolbar: PdfToolbar, page_view: PageView, parent: QObject | None = None):
        super().__init__(parent)
        self._toolbar = toolbar
        self._view = page_view
        self._column = page_view.column
        self.searcher: PdfSearcher | None = None
        self.results: SearchResults | None = None

    def attach(self, searcher: PdfSearcher | None) -> None:
        """Search this document from now on (None: no document); forgets earlier hits."""
        self.clear()
        self.searcher = searcher
        if searcher is not None:
            searcher.page_hits.connect(self._on_hits)
            searcher.finished.connect(self._on_finished)
            searcher.failed.connect(self._on_failed)

    def find(self, text: str) -> None:
        """Search for ``text`` from the current page on; hits are highlighted as they come."""
        if self.searcher is None or not text.strip():
            self.clear()
            return
        self.results = SearchResults(text)
        self._column.results = self.results
        self.searcher.search(text, max(0, self._view.current_index()))
        self._toolbar.set_search_status(self.results.status())
        self._column.update()

    def clear(self) -> None:
        if self.searcher is not None:
            self.searcher.cancel()
        self.results = None
        self._column.results = None
        self._toolbar.set_search_status("")
        self._column.update()

    def step(self, direction: int) -> None:
        """Go to the next (+1) or previous (−1) hit; search the box's text if not yet done."""
        if self.results is None:
            text = self._toolbar.search_edit.text()
            if text.strip():
                self.find(text)
            return
        hit = self.results.step(direction)
        if hit is not None:
            self._show(hit)
        self._toolbar.set_search_status(self.results.status())

    def _show(self, hit: SearchHit) -> None:
        self._view.reveal(self._column.from_page(hit.page, hit.rect).toRect())
        self._column.update()

    def _is_current(self, generation: int) -> bool:
        return self.searcher is not None and generation == self.searcher.generation

    def _on_hits(self, generation: int, page: int, rects: list[Rect]) -> None:
        results = self.results
        if results is None or not self._is_current(generation):
            return
        first = results.current is None
        results.add(page, rects)
        if first and (hit := results.current_hit()) is not None:
            self._show(hit)
        self._column.update_page(page)
        self._toolbar.set_search_status(results.status())

    def _on_finished(self, generation: int, _total: int) -> None:
        if self.results is not None and self._is_current(generation):
            self.results.finished = True
            self._toolbar.set_search_status(self.results.status())

    def _on_failed(self, _generation: int, message: str) -> None:
        log.warning("Search problem: %s", message)
