"""The PDF artifact viewer and its rendering pipeline, on real PDFs made with PyMuPDF."""

from __future__ import annotations

import gc
import threading
import time
from pathlib import Path

import pymupdf
import pytest
import shiboken6
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QGuiApplication, QImage, QMouseEvent, QWheelEvent
from PySide6.QtWidgets import QAbstractButton, QApplication, QLineEdit, QWidget

from assessor_app.ui.viewers import pdf_render
from assessor_app.ui.viewers.pdf_cache import ByteBudgetLru
from assessor_app.ui.viewers.pdf_document import Word, words_text
from assessor_app.ui.viewers.pdf_layout import PageLayout, next_zoom_step
from assessor_app.ui.viewers.pdf_render import PdfRenderer
from assessor_app.ui.viewers.pdf_render_queue import (
    NEARBY_PRIORITY,
    PREFETCH,
    PREFETCH_PRIORITY,
    VIEW,
    VISIBLE_PRIORITY,
    RenderQueue,
    RenderRequest,
)
from assessor_app.ui.viewers.pdf_search import SearchResults
from assessor_app.ui.viewers.pdf_selection import Drag
from assessor_app.ui.viewers.pdf_view import PdfViewer

PAGES = 12
NEEDLE_PAGES = (3, 8)  # 1-based pages that carry the word "needle"
WAIT_MS = 10_000


def make_pdf(path: Path, pages: int = PAGES) -> Path:
    doc = pymupdf.open()
    for number in range(1, pages + 1):
        page = doc.new_page(width=612, height=792)
        page.insert_text((72, 90), f"Heading of page {number}", fontsize=22)
        page.insert_text((72, 140), f"marker{number} evidence line", fontsize=12)
        for line in range(20):
            page.insert_text((72, 170 + 20 * line), f"Body text {line} on page {number}")
        if number in NEEDLE_PAGES:
            page.insert_text((72, 640), "Here is the needle for the search test.", fontsize=12)
        page.draw_rect(pymupdf.Rect(360, 600, 540, 740), color=(0, 0, 1), fill=(0.8, 0.9, 1))
    doc.save(path)
    doc.close()
    return path


@pytest.fixture
def sample_pdf(tmp_path: Path) -> Path:
    return make_pdf(tmp_path / "portfolio.pdf")


@pytest.fixture
def viewer(qtbot) -> PdfViewer:  # type: ignore[no-untyped-def]
    widget = PdfViewer()
    qtbot.addWidget(widget)
    widget.resize(900, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture
def opened(viewer: PdfViewer, sample_pdf: Path, qtbot) -> PdfViewer:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(viewer.page_rendered, timeout=WAIT_MS):
        assert viewer.open(sample_pdf, "Portfolio")
    return viewer


def scroll_value(viewer: PdfViewer) -> int:
    return viewer.page_view.scroll_area.verticalScrollBar().value()


# -- the cache ------------------------------------------------------------------------------
def test_cache_evicts_least_recently_used_to_stay_in_budget() -> None:
    cache: ByteBudgetLru[str, str] = ByteBudgetLru(100)
    cache.put("a", "A", 40)
    cache.put("b", "B", 40)
    assert cache.get("a") == "A"  # a is now the most recently used
    cache.put("c", "C", 40)
    assert "b" not in cache
    assert list(cache) == ["a", "c"]
    assert cache.total_bytes == 80 <= cache.budget


def test_cache_replacing_a_key_counts_its_bytes_once() -> None:
    cache: ByteBudgetLru[str, str] = ByteBudgetLru(100)
    cache.put("a", "A", 60)
    cache.put("a", "A2", 30)
    assert cache.total_bytes == 30
    assert cache.get("a") == "A2"


def test_cache_keeps_the_newest_entry_even_when_alone_over_budget() -> None:
    cache: ByteBudgetLru[str, str] = ByteBudgetLru(100)
    cache.put("a", "A", 50)
    cache.put("huge", "H", 500)
    assert list(cache) == ["huge"]
    cache.put("b", "B", 10)
    assert list(cache) == ["b"]
    assert cache.total_bytes <= cache.budget


# -- the request queue ----------------------------------------------------------------------
def test_queue_hands_out_visible_before_nearby_before_prefetch() -> None:
    queue = RenderQueue()
    queue.submit([RenderRequest(9, 1.0, priority=PREFETCH_PRIORITY)], channel=PREFETCH)
    queue.submit(
        [
            RenderRequest(4, 1.0, priority=VISIBLE_PRIORITY),
            RenderRequest(5, 1.0, priority=VISIBLE_PRIORITY),
            RenderRequest(6, 1.0, priority=NEARBY_PRIORITY),
        ],
        channel=VIEW,
    )
    order = [queue.take(timeout=0).page for _ in range(4)]  # type: ignore[union-attr]
    assert order == [4, 5, 6, 9]


def test_queue_drops_stale_view_requests_when_the_view_moves_on() -> None:
    queue = RenderQueue()
    queue.submit([RenderRequest(p, 1.0) for p in (0, 1, 2)], channel=VIEW)
    queue.submit([RenderRequest(30, 1.0, priority=PREFETCH_PRIORITY)], channel=PREFETCH)
    # The reader scrolled fast: pages 0-2 are gone from view, 20-21 are in view now.
    queue.submit([RenderRequest(p, 1.0) for p in (20, 21)], channel=VIEW)
    assert [r.page for r in queue.pending()] == [20, 21, 30]
    assert queue.dropped == 3


def test_queue_does_not_queue_a_page_being_rendered_again() -> None:
    queue = RenderQueue()
    queue.submit([RenderRequest(3, 2.0)], channel=VIEW)
    running = queue.take(timeout=0)
    assert running is not None
    assert queue.submit([RenderRequest(3, 2.0)], channel=VIEW) == 0
    queue.done(running)
    assert queue.submit([RenderRequest(3, 2.0)], channel=VIEW) == 1


def test_queue_keeps_a_page_another_channel_still_wants() -> None:
    queue = RenderQueue()
    queue.submit([RenderRequest(7, 1.0, priority=PREFETCH_PRIORITY)], channel=PREFETCH)
    queue.submit([RenderRequest(7, 1.0, priority=VISIBLE_PRIORITY)], channel=VIEW)
    queue.submit([], channel=VIEW)
    assert [r.page for r in queue.pending()] == [7]


def test_queue_hold_hands_out_only_the_awaited_page() -> None:
    queue = RenderQueue()
    queue.submit([RenderRequest(p, 1.0) for p in (4, 5)], channel=VIEW)
    queue.hold((9, 1.0))
    assert queue.take(timeout=0.05) is None  # page 9 is not queued yet: the workers wait
    queue.submit([RenderRequest(p, 1.0) for p in (9, 4, 5)], channel=VIEW)
    assert queue.take(timeout=0).page == 9  # type: ignore[union-attr]
    assert queue.take(timeout=0.05) is None
    queue.hold(None)
    assert queue.take(timeout=0).page == 4  # type: ignore[union-attr]


def test_queue_close_wakes_a_waiting_worker() -> None:
    queue = RenderQueue()
    got: list[object] = []
    worker = threading.Thread(target=lambda: got.append(queue.take()))
    worker.start()
    time.sleep(0.05)
    queue.close()
    worker.join(2)
    assert not worker.is_alive()
    assert got == [None]


# -- layout, search results, selection ------------------------------------------------------
def test_layout_finds_pages_in_a_band_and_keeps_a_place_across_zooms() -> None:
    sizes = [(600.0, 800.0)] * 10
    small = PageLayout(sizes, 0.5, 400, margin=10, gap=10)
    assert small.box(0) == (50, 10, 300, 400)
    assert list(small.pages_between(0, 415)) == [0]
    assert list(small.pages_between(405, 830)) == [0, 1]
    assert small.page_at(415) == 0  # in the gap below page 1
    anchor = small.anchor(small.box(3).y + 100)
    big = PageLayout(sizes, 1.0, 400, margin=10, gap=10)
    assert big.y_of(*anchor) == big.box(3).y + 200
    assert big.width == 620  # wider than the viewport: scrolls sideways
    assert next_zoom_step(1.0, +1) == 1.1 and next_zoom_step(1.0, -1) == 0.9


def test_search_results_stay_in_document_order_and_wrap() -> None:
    results = SearchResults("x")
    results.add(5, [(0, 10, 5, 20)])  # the search started at page 6
    results.add(1, [(0, 50, 5, 60), (0, 10, 5, 20)])
    assert [(h.page, h.rect[1]) for h in results.hits] == [(1, 10), (1, 50), (5, 10)]
    assert results.current_hit() == results.hits[2]  # still the first hit found
    assert results.step(+1) == results.hits[0]
    assert results.step(-1) == results.hits[2]
    results.finished = True
    assert results.status() == "3 of 3"


def _word(x0: float, text: str, line: int) -> Word:
    return Word((x0, line * 20.0, x0 + 40, line * 20.0 + 12), text, 0, line, int(x0))


def test_drag_selects_running_text_or_a_rectangle() -> None:
    words = [_word(0, "one", 0), _word(50, "two", 0), _word(0, "three", 1), _word(50, "four", 1)]
    running = Drag.start(0, (55.0, 5.0), words)
    assert words_text(running.select(words, (10.0, 25.0))) == "two\nthree"
    column = Drag.start(0, (45.0, -5.0), words)  # starts on empty space: a rectangle
    assert column.anchor_word is None
    assert words_text(column.select(words, (95.0, 40.0))) == "two\nfour"


# -- the renderer ---------------------------------------------------------------------------
def test_renderer_renders_at_the_requested_scale(sample_pdf: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    renderer = PdfRenderer(sample_pdf)
    try:
        with qtbot.waitSignal(renderer.page_ready, timeout=WAIT_MS) as ready:
            renderer.show([2], [], 1.5, 1.0)
        assert ready.args == [2, 1.5]
        pixmap = renderer.pixmap(2, 1.5)
        assert pixmap is not None
        assert (pixmap.width(), pixmap.height()) == (918, 1188)  # 612 × 792 pt at 1.5
    finally:
        renderer.close()


def test_rendered_image_owns_its_pixels(sample_pdf: Path) -> None:
    with pymupdf.open(sample_pdf) as doc:
        image = pdf_render.render_page(doc, 0, 1.0)
    gc.collect()  # the PyMuPDF document and pixmap are gone; the image must not be
    assert image.format() == QImage.Format.Format_RGB32
    assert (image.width(), image.height()) == (612, 792)
    assert image.pixelColor(450, 670).name() == "#cce5ff"  # inside the drawn blue box
    assert image.pixelColor(5, 5).name() == "#ffffff"


def test_render_worker_reports_errors_and_keeps_serving(
    sample_pdf: Path, qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    real_render = pdf_render.render_page

    def flaky(doc: pymupdf.Document, index: int, scale: float):  # type: ignore[no-untyped-def]
        if index == 1:
            raise RuntimeError("simulated MuPDF failure")
        return real_render(doc, index, scale)

    monkeypatch.setattr(pdf_render, "render_page", flaky)
    renderer = PdfRenderer(sample_pdf)
    try:
        with qtbot.waitSignal(renderer.page_failed, timeout=WAIT_MS) as failed:
            renderer.show([1], [], 1.0, 1.0)
        assert failed.args[0] == 1
        assert "simulated MuPDF failure" in failed.args[1]
        with qtbot.waitSignal(renderer.page_failed, timeout=WAIT_MS) as missing:
            renderer.show([99], [], 1.0, 1.0)  # no such page: PyMuPDF raises
        assert missing.args[0] == 99
        with qtbot.waitSignal(renderer.page_ready, timeout=WAIT_MS):
            renderer.show([0], [], 1.0, 1.0)
        assert renderer.is_running
    finally:
        renderer.close()
    assert not renderer.is_running


# -- the viewer -----------------------------------------------------------------------------
def test_open_shows_page_count_and_first_page(opened: PdfViewer) -> None:
    assert opened.is_open()
    assert opened.page_count() == PAGES
    assert opened.toolbar.count_label.text() == f"of {PAGES}"
    assert opened.toolbar.page_edit.text() == "1"
    assert opened.current_page() == 1
    assert opened.message() == ""


def test_show_citation_lands_on_the_cited_page(opened: PdfViewer, qtbot) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(opened.citation_shown, timeout=WAIT_MS) as shown:
        assert opened.show_citation(7) is True
    assert shown.args == [7]
    assert opened.current_page() == 7
    assert opened.toolbar.page_edit.text() == "7"
    top = opened.column.page_rect(6).top()
    assert top - 20 <= scroll_value(opened) <= top  # the cited page's top is in view
    assert opened.column.cited == range(6, 7)
    assert opened.renderer is not None and opened.renderer.is_cached(6, opened.render_scale())
    assert opened.notice() == ""


def test_citation_past_the_end_warns_and_keeps_the_place(opened: PdfViewer) -> None:
    assert opened.go_to_page(5)
    before = scroll_value(opened)
    assert opened.show_citation(14) is False
    assert opened.notice() == f"The candidate cited p. 14 but this document has {PAGES} pages."
    assert opened.current_page() == 5
    assert scroll_value(opened) == before
    assert opened.column.cited is None


def test_citation_range_running_past_the_end_shows_what_exists(opened: PdfViewer) -> None:
    assert opened.show_citation(11, 14) is True
    assert opened.column.cited == range(10, 12)
    assert "pp. 11–14" in opened.notice() and "showing pp. 11–12" in opened.notice()
    assert opened.current_page() == 11


def test_prefetched_citation_is_shown_from_the_cache(opened: PdfViewer, qtbot) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(opened.page_rendered, timeout=WAIT_MS, check_params_cb=lambda p: p == 10):
        opened.prefetch_pages([10])
    with qtbot.waitSignal(opened.citation_shown, timeout=WAIT_MS):
        opened.show_citation(10)
    assert opened.current_page() == 10


def test_citation_given_before_the_viewer_is_shown_lands_once_shown(
    sample_pdf: Path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    widget = PdfViewer()
    qtbot.addWidget(widget)
    assert widget.open(sample_pdf, "Portfolio")
    assert widget.show_citation(8)
    with qtbot.waitSignal(widget.citation_shown, timeout=WAIT_MS) as shown:
        widget.resize(800, 600)
        widget.show()
    assert shown.args == [8]
    assert widget.current_page() == 8
    top = widget.column.page_rect(7).top()
    assert top - 20 <= scroll_value(widget) <= top


@pytest.mark.parametrize("damage", ["random bytes", "truncated", "zero bytes", "encrypted"])
def test_unreadable_pdf_shows_a_message_not_an_exception(
    viewer: PdfViewer, sample_pdf: Path, tmp_path: Path, damage: str, qtbot
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "broken.pdf"
    if damage == "random bytes":
        path.write_bytes(bytes(range(256)) * 64)
    elif damage == "truncated":
        path.write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R")
    elif damage == "zero bytes":
        path.write_bytes(b"")
    else:
        doc = pymupdf.open(sample_pdf)
        doc.save(path, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="u", owner_pw="o")
        doc.close()
    errors: list[str] = []
    viewer.error.connect(errors.append)
    assert viewer.open(path, "Evidence") is False
    assert not viewer.is_open()
    assert viewer.stack.currentWidget() is viewer.message_label
    assert errors and errors[0] == viewer.message()
    assert "Traceback" not in viewer.message_label.text()
    assert viewer.show_citation(1) is False  # and the citation says why instead of crashing


def test_half_a_pdf_opens_what_it_can_without_exceptions(
    viewer: PdfViewer, sample_pdf: Path, tmp_path: Path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    data = sample_pdf.read_bytes()
    path = tmp_path / "half.pdf"
    path.write_bytes(data[: len(data) // 2])
    if viewer.open(path, "Half"):
        viewer.show_citation(viewer.page_count())
        qtbot.wait(300)  # pages render or report failures; pytest-qt fails on any exception
    else:
        assert viewer.message()


def test_missing_file_shows_a_message(viewer: PdfViewer, tmp_path: Path) -> None:
    assert viewer.open(tmp_path / "gone.pdf", "Gone") is False
    assert "missing" in viewer.message()


def test_search_highlights_hits_on_the_right_pages(opened: PdfViewer, qtbot) -> None:  # type: ignore[no-untyped-def]
    assert opened.finder.searcher is not None
    with qtbot.waitSignal(opened.finder.searcher.finished, timeout=WAIT_MS):
        opened.find_text("needle")
    results = opened.search_results
    assert results is not None and results.finished
    assert sorted({h.page + 1 for h in results.hits}) == list(NEEDLE_PAGES)
    assert opened.toolbar.search_status.text() == "1 of 2"
    assert opened.current_page() == NEEDLE_PAGES[0]
    opened.find_next()
    assert opened.current_page() == NEEDLE_PAGES[1]
    assert opened.toolbar.search_status.text() == "2 of 2"
    opened.find_next()
    assert opened.current_page() == NEEDLE_PAGES[0]


def test_zoom_changes_the_rendered_scale(opened: PdfViewer, qtbot) -> None:  # type: ignore[no-untyped-def]
    before = opened.render_scale()
    with qtbot.waitSignal(opened.page_rendered, timeout=WAIT_MS):
        opened.page_view.zoom_in()
    after = opened.render_scale()
    assert after > before
    assert opened.page_view.fit_mode() is None
    assert opened.renderer is not None
    pixmap = opened.renderer.pixmap(opened.current_page() - 1, after)
    assert pixmap is not None
    assert abs(pixmap.width() - 612 * after) <= 1
    assert pixmap.devicePixelRatio() == opened.devicePixelRatioF()
    assert opened.toolbar.zoom_label.text() == f"{round(opened.zoom() * 100)}%"
    opened.page_view.fit_page()
    page = opened.column.page_rect(0)
    assert page.height() <= opened.page_view.scroll_area.viewport().height()


def test_ctrl_wheel_zooms_and_plain_wheel_scrolls(opened: PdfViewer, qtbot) -> None:  # type: ignore[no-untyped-def]
    area = opened.page_view.scroll_area
    before = opened.zoom()

    def wheel(modifiers: Qt.KeyboardModifier) -> None:
        position = QPointF(area.viewport().rect().center())
        event = QWheelEvent(
            position,
            QPointF(area.viewport().mapToGlobal(position.toPoint())),
            QPoint(),
            QPoint(0, -120),
            Qt.MouseButton.NoButton,
            modifiers,
            Qt.ScrollPhase.NoScrollPhase,
            False,
        )
        QApplication.sendEvent(area.viewport(), event)

    wheel(Qt.KeyboardModifier.ControlModifier)
    assert opened.zoom() < before  # wheel towards the user: zoom out
    assert scroll_value(opened) == 0
    with qtbot.waitSignal(opened.current_page_changed, timeout=WAIT_MS, raising=False):
        for _ in range(30):
            wheel(Qt.KeyboardModifier.NoModifier)
    assert scroll_value(opened) > 0
    assert opened.zoom() < before


def test_scrolling_reports_the_current_page(opened: PdfViewer, qtbot) -> None:  # type: ignore[no-untyped-def]
    bar = opened.page_view.scroll_area.verticalScrollBar()
    target = opened.column.page_rect(5).top()
    with qtbot.waitSignal(opened.current_page_changed, timeout=WAIT_MS) as changed:
        bar.setValue(target)
    assert changed.args == [6]
    assert opened.toolbar.page_edit.text() == "6"


def test_a_page_that_fails_to_render_is_reported_in_place(
    viewer: PdfViewer, sample_pdf: Path, qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    real_render = pdf_render.render_page

    def broken_first_page(doc: pymupdf.Document, index: int, scale: float):  # type: ignore[no-untyped-def]
        if index == 0:
            raise ValueError("content stream is damaged")
        return real_render(doc, index, scale)

    monkeypatch.setattr(pdf_render, "render_page", broken_first_page)
    with qtbot.waitSignal(viewer.error, timeout=WAIT_MS) as error:
        assert viewer.open(sample_pdf, "Portfolio")
    assert error.args[0].startswith("Page 1 of “Portfolio” could not be displayed")
    assert "content stream is damaged" in error.args[0]
    assert viewer.renderer is not None and 0 in viewer.renderer.failed
    with qtbot.waitSignal(viewer.citation_shown, timeout=WAIT_MS):
        viewer.show_citation(2)  # the other pages still work


def test_keyboard_scrolls_with_home_end_and_page_keys(opened: PdfViewer, qtbot) -> None:  # type: ignore[no-untyped-def]
    area = opened.page_view.scroll_area
    qtbot.keyClick(area, Qt.Key.Key_End)
    assert opened.current_page() == PAGES
    qtbot.keyClick(area, Qt.Key.Key_Home)
    assert opened.current_page() == 1 and scroll_value(opened) == 0
    qtbot.keyClick(area, Qt.Key.Key_PageDown)
    assert scroll_value(opened) > 0
    qtbot.keyClick(area, Qt.Key.Key_Down)
    qtbot.keyClick(area, Qt.Key.Key_Up)
    qtbot.keyClick(area, Qt.Key.Key_PageUp)
    assert scroll_value(opened) == 0


def test_page_number_entry_and_page_list_navigate(opened: PdfViewer, qtbot) -> None:  # type: ignore[no-untyped-def]
    opened.toolbar.page_edit.setText("4")
    qtbot.keyClick(opened.toolbar.page_edit, Qt.Key.Key_Return)
    assert opened.current_page() == 4
    item = opened.thumbnails.item(8)
    opened.thumbnails.itemClicked.emit(item)
    assert opened.current_page() == 9
    qtbot.waitUntil(lambda: opened.thumbnails.currentRow() == 8)


def _drag(widget: QWidget, start: QPoint, end: QPoint) -> None:
    left, none = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton
    mods = Qt.KeyboardModifier.NoModifier
    for kind, point, button, buttons in (
        (QEvent.Type.MouseButtonPress, start, left, left),
        (QEvent.Type.MouseMove, end, none, left),
        (QEvent.Type.MouseButtonRelease, end, left, none),
    ):
        local = QPointF(point)
        event = QMouseEvent(kind, local, QPointF(widget.mapToGlobal(point)), button, buttons, mods)
        QApplication.sendEvent(widget, event)


def test_dragging_over_text_selects_and_copies_it(opened: PdfViewer) -> None:
    column = opened.column
    page = column.page_rect(0)
    zoom = opened.zoom()

    def at(x: float, y: float) -> QPoint:
        return QPoint(page.x() + round(x * zoom), page.y() + round(y * zoom))

    # "marker1 evidence line" sits on the baseline y = 140 pt from x = 72 pt.
    _drag(column, at(75, 135), at(190, 135))
    assert opened.selected_text() == "marker1 evidence line"
    QGuiApplication.clipboard().clear()
    assert opened.copy_selection() is True
    assert QGuiApplication.clipboard().text() == "marker1 evidence line"
    _drag(column, at(20, 20), at(20, 20))  # a click on the margin clears the selection
    assert opened.selected_text() == ""
    assert opened.copy_selection() is False


def test_shortcuts_focus_search_zoom_and_copy(opened: PdfViewer, qtbot) -> None:  # type: ignore[no-untyped-def]
    opened.activateWindow()
    qtbot.waitActive(opened)
    # On X the window manager's focus arrives after activation: shortcuts need it.
    qtbot.waitUntil(lambda: QGuiApplication.focusWindow() is opened.windowHandle())
    area = opened.page_view.scroll_area
    area.setFocus()
    qtbot.keyClick(area, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(opened.toolbar.search_edit.hasFocus, timeout=2000)
    area.setFocus()
    before = opened.zoom()
    qtbot.keyClick(area, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert opened.zoom() > before
    qtbot.keyClick(area, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert opened.zoom() == pytest.approx(before, rel=0.15)
    qtbot.keyClick(area, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert opened.page_view.fit_mode() == "width"
    page, zoom = opened.column.page_rect(0), opened.zoom()
    start = QPoint(page.x() + round(75 * zoom), page.y() + round(135 * zoom))
    _drag(opened.column, start, start + QPoint(round(115 * zoom), 0))
    QGuiApplication.clipboard().clear()
    qtbot.keyClick(area, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == "marker1 evidence line"


def test_every_control_has_an_accessible_name(opened: PdfViewer) -> None:
    controls = [*opened.findChildren(QAbstractButton), *opened.findChildren(QLineEdit)]
    controls += [opened.thumbnails, opened.page_view.scroll_area, opened.column]
    unnamed = [c for c in controls if not c.accessibleName()]
    assert unnamed == []


def test_close_stops_the_render_and_search_threads(opened: PdfViewer) -> None:
    names = {t.name for t in threading.enumerate()}
    assert {"pdf-render-0", "pdf-search"} <= names
    renderer = opened.renderer
    assert renderer is not None
    opened.close()
    assert not renderer.is_running
    assert not [t for t in threading.enumerate() if t.name.startswith("pdf-")]
    assert not opened.is_open()


def test_deleting_the_viewer_without_closing_still_stops_its_threads(
    sample_pdf: Path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    widget = PdfViewer()
    assert widget.open(sample_pdf, "Portfolio")
    renderer = widget.renderer
    assert renderer is not None and renderer.is_running
    shiboken6.delete(widget)
    assert not renderer.is_running
    assert not [t for t in threading.enumerate() if t.name.startswith("pdf-")]


def test_page_list_gets_real_thumbnails(opened: PdfViewer, qtbot) -> None:  # type: ignore[no-untyped-def]
    first = opened.thumbnails.item(0)
    qtbot.waitUntil(lambda: first.data(Qt.ItemDataRole.UserRole) is True, timeout=WAIT_MS)
    assert not first.icon().isNull()


def test_opening_another_document_replaces_the_first(
    opened: PdfViewer, tmp_path: Path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    first = opened.renderer
    assert first is not None
    other = make_pdf(tmp_path / "other.pdf", pages=3)
    with qtbot.waitSignal(opened.page_rendered, timeout=WAIT_MS):
        assert opened.open(other, "Other")
    assert not first.is_running
    assert opened.page_count() == 3
    assert opened.show_citation(9) is False
    assert opened.notice() == "The candidate cited p. 9 but this document has 3 pages."
