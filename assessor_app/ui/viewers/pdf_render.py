"""The page rendering pipeline: request queue, worker threads, byte-budget LRU cache.

Flow: the view asks :class:`PdfRenderer` for the pages it shows (``show``), the pages it
may show next (nearby), cited pages (``prefetch``) and thumbnails. Requests go into a
:class:`RenderQueue` that keeps one entry per (page, scale), hands the most urgent one to a
worker, and drops the requests of a channel that a newer request of the same channel no longer
names (the user scrolled past them). Each worker thread opens its own PyMuPDF document, renders
to a ``QImage`` that owns its pixels, and reports back through a queued signal; every failure is
reported with the page and a message. On the GUI thread the image becomes a ``QPixmap`` and goes
into a :class:`ByteBudgetLru` keyed by (page, scale).
"""

from __future__ import annotations

import logging
import math
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pymupdf
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QImage, QPixmap

from assessor_app.ui.viewers.pdf_cache import ByteBudgetLru
from assessor_app.ui.viewers.pdf_document import MUPDF_LOCK, open_pdf
from assessor_app.ui.viewers.pdf_render_queue import (
    NEARBY_PRIORITY,
    PREFETCH,
    PREFETCH_PRIORITY,
    THUMBNAIL_PRIORITY,
    THUMBNAILS,
    VIEW,
    VISIBLE_PRIORITY,
    PageKey,
    RenderQueue,
    RenderRequest,
    quantize_scale,
)

__all__ = ["DEFAULT_CACHE_BYTES", "PdfRenderer", "RenderResult", "render_page"]

log = logging.getLogger(__name__)

MiB = 1024 * 1024
DEFAULT_CACHE_BYTES = 256 * MiB
MAX_RENDER_PIXELS = 40_000_000  # a bigger request is rendered smaller and drawn scaled up


def render_page(doc: pymupdf.Document, index: int, scale: float) -> QImage:
    """Render page ``index`` at ``scale`` into a QImage that owns its pixels.

    The QImage is first a view over the PyMuPDF pixmap's buffer; converting it to RGB32 (the
    format the raster engine paints fastest, so the GUI thread need not convert) writes a new
    buffer, which is the copy that has to exist before the PyMuPDF pixmap is freed.
    Raises whatever PyMuPDF raises (IndexError for a page that does not exist).
    """
    with MUPDF_LOCK:
        page = doc.load_page(index)
        rect = page.rect
        pixels = max(1.0, rect.width * rect.height) * scale * scale
        if pixels > MAX_RENDER_PIXELS:
            scale *= math.sqrt(MAX_RENDER_PIXELS / pixels)
        matrix = pymupdf.Matrix(scale, scale)
        pix = page.get_pixmap(matrix=matrix, colorspace=pymupdf.csRGB, alpha=False)
        view = QImage(
            pix.samples_mv, pix.width, pix.height, pix.stride, QImage.Format.Format_RGB888
        )
        image = view.convertToFormat(QImage.Format.Format_RGB32)  # a new buffer: the copy
        del view, pix
    return image


@dataclass(frozen=True)
class RenderResult:
    request: RenderRequest
    image: QImage


def run_render_worker(
    path: Path,
    queue: RenderQueue,
    deliver: Callable[[RenderResult], None],
    report: Callable[[RenderRequest, str], None],
) -> None:
    """Body of one render thread: open its own document, render until the queue closes.

    Every exception is caught, logged and reported with its page; one failed page never stops
    the thread. The receiver of ``deliver``/``report`` calls ``queue.done(request)``.
    """
    doc: pymupdf.Document | None = None
    open_error = ""
    try:
        doc = open_pdf(path)
    except Exception as exc:
        log.exception("Render worker cannot open %s", path)
        open_error = str(exc) or "the document could not be opened"
    try:
        while (request := queue.take()) is not None:
            result: RenderResult | None = None
            failure = open_error
            if doc is not None:
                try:
                    image = render_page(doc, request.page, request.scale)
                    image.setDevicePixelRatio(request.dpr)
                    result = RenderResult(request, image)
                except Exception as exc:
                    log.exception("Rendering page %d failed", request.page + 1)
                    failure = _describe(exc)
            try:
                if result is not None:
                    deliver(result)
                else:
                    report(request, failure)
            except RuntimeError:  # the receiving QObject is gone: nobody wants more pages
                log.exception("Render result for page %d had no receiver", request.page + 1)
                queue.done(request)
                return
    finally:
        if doc is not None:
            with MUPDF_LOCK:
                doc.close()


def _describe(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


class PdfRenderer(QObject):
    """Renders the pages of one PDF off the GUI thread and caches them as pixmaps.

    Create one per open document; call :meth:`close` before dropping it (it joins the threads).
    """

    page_ready = Signal(int, float)  # page index, scale: the pixmap is in the cache
    page_failed = Signal(int, str)  # page index, message
    _delivered = Signal(object)  # RenderResult, emitted on a worker thread
    _reported = Signal(object, str)  # RenderRequest, message, emitted on a worker thread

    def __init__(
        self,
        path: Path,
        *,
        workers: int = 1,
        cache_bytes: int = DEFAULT_CACHE_BYTES,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.path = path
        self.queue = RenderQueue()
        self.cache: ByteBudgetLru[PageKey, QPixmap] = ByteBudgetLru(cache_bytes)
        self.failed: dict[int, str] = {}
        self._closed = False
        self._delivered.connect(self._on_delivered, Qt.ConnectionType.QueuedConnection)
        self._reported.connect(self._on_reported, Qt.ConnectionType.QueuedConnection)
        self._threads = [
            threading.Thread(
                target=run_render_worker,
                args=(path, self.queue, self._delivered.emit, self._reported.emit),
                name=f"pdf-render-{n}",
                daemon=True,
            )
            for n in range(max(1, workers))
        ]
        for thread in self._threads:
            thread.start()

    # -- requests -------------------------------------------------------------------------
    def show(self, visible: Sequence[int], nearby: Sequence[int], scale: float, dpr: float) -> None:
        """The view now shows ``visible`` (most important first) and may scroll to ``nearby``.

        Earlier view requests for other pages are dropped.
        """
        scale = quantize_scale(scale)
        requests = [RenderRequest(p, scale, dpr, VISIBLE_PRIORITY) for p in visible]
        requests += [RenderRequest(p, scale, dpr, NEARBY_PRIORITY) for p in nearby]
        self._submit(requests, VIEW, replace=True)

    def prefetch(self, pages: Iterable[int], scale: float, dpr: float) -> None:
        """Render ``pages`` ahead of need (cited pages); replaces the earlier prefetch list."""
        scale = quantize_scale(scale)
        requests = [RenderRequest(p, scale, dpr, PREFETCH_PRIORITY) for p in pages]
        self._submit(requests, PREFETCH, replace=True)

    def thumbnails(self, pages: Iterable[tuple[int, float]], dpr: float) -> None:
        """Small renders of ``(page, scale)`` for the page list; replaces earlier ones."""
        requests = [RenderRequest(p, quantize_scale(s), dpr, THUMBNAIL_PRIORITY) for p, s in pages]
        self._submit(requests, THUMBNAILS, replace=True)

    def _submit(self, requests: list[RenderRequest], channel: str, *, replace: bool) -> None:
        if self._closed:
            return
        wanted = [r for r in requests if r.key not in self.cache and r.page not in self.failed]
        self.queue.submit(wanted, channel=channel, replace=replace)

    def hold(self, page: int, scale: float) -> None:
        """Render nothing but ``page`` at ``scale`` until :meth:`release` (a cited page)."""
        self.queue.hold((page, quantize_scale(scale)))

    def release(self) -> None:
        self.queue.hold(None)

    # -- results --------------------------------------------------------------------------
    def pixmap(self, page: int, scale: float) -> QPixmap | None:
        """The cached pixmap of ``page`` at exactly ``scale``, or None."""
        return self.cache.get((page, quantize_scale(scale)))

    def nearest_pixmap(self, page: int, scale: float) -> QPixmap | None:
        """Any cached pixmap of ``page``, the one closest to ``scale`` (a stand-in)."""
        scales = [s for p, s in self.cache if p == page]
        if not scales:
            return None
        best = min(scales, key=lambda s: abs(math.log(s / scale)) if s > 0 else math.inf)
        return self.cache.get((page, best))

    def is_cached(self, page: int, scale: float) -> bool:
        return (page, quantize_scale(scale)) in self.cache

    def _on_delivered(self, result: RenderResult) -> None:
        self.queue.done(result.request)
        if self._closed:
            return
        pixmap = QPixmap.fromImage(result.image)
        pixmap.setDevicePixelRatio(result.request.dpr)
        nbytes = pixmap.width() * pixmap.height() * max(1, pixmap.depth() // 8)
        self.cache.put(result.request.key, pixmap, nbytes)
        self.page_ready.emit(result.request.page, result.request.scale)

    def _on_reported(self, request: RenderRequest, message: str) -> None:
        self.queue.done(request)
        if self._closed:
            return
        self.failed[request.page] = message
        self.page_failed.emit(request.page, message)

    # -- lifetime -------------------------------------------------------------------------
    @property
    def is_running(self) -> bool:
        return any(t.is_alive() for t in self._threads)

    def close(self, timeout: float = 10.0) -> None:
        """Stop taking requests, let running renders finish, join the threads, drop the cache."""
        if self._closed:
            return
        self._closed = True
        self.queue.close()
        for thread in self._threads:
            thread.join(timeout)
            if thread.is_alive():
                log.error("Render thread %s did not stop within %.1f s", thread.name, timeout)
        self.cache.clear()
