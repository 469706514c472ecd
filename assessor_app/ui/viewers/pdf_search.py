"""Text search off the GUI thread, and the list of hits the viewer steps through.

:class:`PdfSearcher` owns one thread with its own PyMuPDF document. A search starts at the page
the assessor is reading and wraps around; hits stream back page by page. Starting a new search
(or cancelling) makes the running one stop at the next page.
"""

from __future__ import annotations

import bisect
import logging
import queue
import threading
from pathlib import Path
from typing import NamedTuple

import pymupdf
from PySide6.QtCore import QObject, Qt, Signal

from assessor_app.ui.viewers.pdf_document import MUPDF_LOCK, Rect, open_pdf, to_display

log = logging.getLogger(__name__)


class SearchHit(NamedTuple):
    page: int  # 0-based
    rect: Rect  # display coordinates, points


class SearchResults:
    """The hits of one query in document order, and which one is current."""

    def __init__(self, query: str = "") -> None:
        self.query = query
        self.hits: list[SearchHit] = []
        self.current: int | None = None
        self.finished = False

    def add(self, page: int, rects: list[Rect]) -> None:
        """Add a page's hits; the first hits ever added become current."""
        for rect in rects:
            hit = SearchHit(page, rect)
            at = bisect.bisect_right(self.hits, _order(hit), key=_order)
            self.hits.insert(at, hit)
            if self.current is None:
                self.current = at
            elif at <= self.current:
                self.current += 1

    def on_page(self, page: int) -> list[Rect]:
        return [h.rect for h in self.hits if h.page == page]

    def current_hit(self) -> SearchHit | None:
        return self.hits[self.current] if self.current is not None else None

    def step(self, direction: int) -> SearchHit | None:
        """Move to the next (1) or previous (-1) hit, wrapping around; the new current hit."""
        if not self.hits:
            return None
        start = self.current if self.current is not None else -1 if direction > 0 else 0
        self.current = (start + direction) % len(self.hits)
        return self.hits[self.current]

    def status(self) -> str:
        if not self.query:
            return ""
        if not self.hits:
            return "No matches" if self.finished else "Searching…"
        position = (self.current or 0) + 1
        suffix = "" if self.finished else "+"
        return f"{position} of {len(self.hits)}{suffix}"


def _order(hit: SearchHit) -> tuple[int, float, float]:
    return (hit.page, hit.rect[1], hit.rect[0])


class PdfSearcher(QObject):
    """Searches one PDF on its own thread. Signals arrive on the GUI thread."""

    page_hits = Signal(int, int, object)  # generation, page index, list[Rect]
    finished = Signal(int, int)  # generation, number of hits
    failed = Signal(int, str)  # generation, message
    _found = Signal(int, int, object)
    _done = Signal(int, int)
    _error = Signal(int, str)

    def __init__(self, path: Path, page_count: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._path = path
        self._page_count = page_count
        self._generation = 0
        self._jobs: queue.Queue[tuple[int, str, int] | None] = queue.Queue()
        self._found.connect(self.page_hits, Qt.ConnectionType.QueuedConnection)
        self._done.connect(self.finished, Qt.ConnectionType.QueuedConnection)
        self._error.connect(self.failed, Qt.ConnectionType.QueuedConnection)
        self._thread = threading.Thread(target=self._run, name="pdf-search", daemon=True)
        self._thread.start()

    @property
    def generation(self) -> int:
        return self._generation

    def search(self, text: str, start_page: int = 0) -> int:
        """Start searching for ``text`` (case-insensitive); returns the search's generation."""
        self._generation += 1
        self._jobs.put((self._generation, text, start_page))
        return self._generation

    def cancel(self) -> None:
        self._generation += 1

    def close(self, timeout: float = 10.0) -> None:
        self.cancel()
        self._jobs.put(None)
        self._thread.join(timeout)
        if self._thread.is_alive():
            log.error("The search thread did not stop within %.1f s", timeout)

    @property
    def is_running(self) -> bool:
        return self._thread.is_alive()

    # -- worker thread --------------------------------------------------------------------
    def _run(self) -> None:
        doc: pymupdf.Document | None = None
        try:
            while (job := self._jobs.get()) is not None:
                generation, text, start = job
                if generation != self._generation:
                    continue
                try:
                    if doc is None:
                        doc = open_pdf(self._path)
                    self._search(doc, generation, text, start)
                except Exception as exc:
                    log.exception("Search for %r failed", text)
                    self._error.emit(generation, str(exc) or type(exc).__name__)
        except RuntimeError:  # the QObject is gone while we were reporting
            log.exception("Search results had no receiver")
        finally:
            if doc is not None:
                with MUPDF_LOCK:
                    doc.close()

    def _search(self, doc: pymupdf.Document, generation: int, text: str, start: int) -> None:
        count = self._page_count
        start = min(max(0, start), max(0, count - 1))
        total = 0
        for index in [*range(start, count), *range(0, start)]:
            if generation != self._generation:
                return
            try:
                with MUPDF_LOCK:
                    page = doc.load_page(index)
                    rects = [to_display(r, page) for r in page.search_for(text)]
            except Exception as exc:
                log.exception("Searching page %d failed", index + 1)
                self._error.emit(generation, f"Page {index + 1} could not be searched ({exc}).")
                continue
            if rects:
                total += len(rects)
                self._found.emit(generation, index, rects)
        self._done.emit(generation, total)
