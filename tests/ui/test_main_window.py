"""The assessor's flows through the real main window, on a real workspace and real bundles.

Open a submission from the queue, follow a page citation and a time citation (real libVLC on
the test's X server), see a bad citation flagged, judge from the keyboard, undo, submit
(refused, then accepted), and come back after a restart to where the work was left.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QTableWidget
from support.bundles import (
    judge_all_submittable,
    make_pdf,
    make_video,
    sample_manifest,
    with_video,
    write_sample_bundle,
)

from assessor_app.bundle.writer import write_bundle
from assessor_app.ui.app import settings_for
from assessor_app.ui.main_window import MainWindow
from assessor_app.ui.scoring.submit_flow import Dialogs
from assessor_app.ui.shortcuts import SHEET, ShortcutSheet
from assessor_app.workspace import Workspace

SID = "SUB-TEST-0001"
WAIT_MS = 10_000


@pytest.fixture
def workspace(tmp_path: Path, data_dir: Path) -> Iterator[Workspace]:
    ws = Workspace.open(data_dir)
    ws.import_bundle(write_sample_bundle(tmp_path / "sample.zip"))
    yield ws
    ws.close()


def make_window(qtbot, workspace: Workspace) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(workspace, settings_for(workspace.data_dir))
    qtbot.addWidget(window)
    window.resize(1500, 950)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT_MS)  # window shortcuts need it
    return window


@pytest.fixture
def window(qtbot, workspace: Workspace) -> MainWindow:  # type: ignore[no-untyped-def]
    return make_window(qtbot, workspace)


def open_from_queue(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.queue.select(SID)
    qtbot.keyClick(window.queue.table, Qt.Key.Key_Return)
    assert window.scoring is not None


def press(qtbot, window: MainWindow, key: Qt.Key, modifiers: Qt.KeyboardModifier) -> None:  # type: ignore[no-untyped-def]
    """A key press where the assessor's focus is, as the keyboard would deliver it."""
    qtbot.keyClick(QApplication.focusWidget() or window, key, modifiers)


def test_queue_lists_the_submission_and_enter_opens_it(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    assert window.queue.model.rowCount() == 1
    assert window.queue.selected_id() == SID
    assert window.windowTitle() == "Assessor Workstation"
    open_from_queue(qtbot, window)
    # Only the opaque code identifies the submission, anywhere the window shows it.
    assert window.windowTitle() == f"{SID} — Assessor Workstation"
    assert window.pages.currentWidget() is window.scoring


def test_page_citation_lands_on_the_cited_page(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    open_from_queue(qtbot, window)
    scoring = window.scoring
    assert scoring is not None
    scoring.session.set_current_target("eo1.2")  # cites pp. 3-4 of the agenda
    pdf = scoring.artifacts._pdf
    assert pdf is not None
    with qtbot.waitSignal(pdf.citation_shown, timeout=WAIT_MS) as shown:
        assert window.scoring.rubric.open_citation(0)
    assert shown.args == [3]
    qtbot.waitUntil(lambda: pdf.current_page() == 3, timeout=WAIT_MS)
    assert pdf.notice() == ""


def test_citation_past_the_end_is_flagged_not_followed(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    open_from_queue(qtbot, window)
    scoring = window.scoring
    assert scoring is not None
    pdf = scoring.artifacts._pdf
    assert pdf is not None
    pdf.go_to_page(5)
    qtbot.waitUntil(lambda: pdf.current_page() == 5, timeout=WAIT_MS)
    scoring.session.set_current_target("eo2.1")  # cites p. 9 of a 6-page document
    scoring.rubric.open_citation(0)
    assert "9" in pdf.notice() and "6 pages" in pdf.notice()
    assert pdf.current_page() == 5  # never a silent jump to page 1


def test_keyboard_judging_undo_and_redo(qtbot, window: MainWindow, workspace: Workspace) -> None:  # type: ignore[no-untyped-def]
    open_from_queue(qtbot, window)
    session = window.scoring.session  # type: ignore[union-attr]
    assert session.current_target == "part1"
    press(qtbot, window, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    press(qtbot, window, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert session.current_target == "eo1.1"
    press(qtbot, window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert workspace.judgments(SID)["eo1.1"].level == "P"
    press(qtbot, window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert workspace.judgments(SID)["eo1.1"].level == "N"
    window.undo_action.trigger()
    assert workspace.judgments(SID)["eo1.1"].level == "P"
    window.undo_action.trigger()
    assert "eo1.1" not in workspace.judgments(SID)
    window.redo_action.trigger()
    assert workspace.judgments(SID)["eo1.1"].level == "P"
    # Each change, undo and redo included, is one operation queued for the portal.
    assert window.pending_label.text() == "5 changes waiting to sync"


def test_submit_is_refused_then_accepted(qtbot, window: MainWindow, workspace: Workspace) -> None:  # type: ignore[no-untyped-def]
    open_from_queue(qtbot, window)
    scoring = window.scoring
    assert scoring is not None
    told: list[str] = []
    asked: list[str] = []
    dialogs = Dialogs(
        confirm=lambda _t, text: asked.append(text) or True,
        inform=lambda _t, text: told.append(text),
    )
    scoring.rubric.footer.dialogs = dialogs
    press(
        qtbot,
        window,
        Qt.Key.Key_S,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert len(told) == 1 and "not judged" in told[0]
    assert not workspace.submission(SID).locked

    window.show_queue()
    judge_all_submittable(workspace, SID)
    open_from_queue(qtbot, window)
    window.scoring.rubric.footer.dialogs = dialogs  # type: ignore[union-attr]
    press(
        qtbot,
        window,
        Qt.Key.Key_S,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert asked and SID in asked[0]
    assert workspace.submission(SID).locked
    window.show_queue()
    assert window.queue.model.data(window.queue.model.index(0, 3)) == "Submitted"


def test_restart_restores_where_the_assessor_left_off(qtbot, workspace: Workspace) -> None:  # type: ignore[no-untyped-def]
    first = make_window(qtbot, workspace)
    open_from_queue(qtbot, first)
    scoring = first.scoring
    assert scoring is not None
    scoring.session.set_current_target("eo1.2")
    pdf = scoring.artifacts._pdf
    assert pdf is not None
    with qtbot.waitSignal(pdf.citation_shown, timeout=WAIT_MS):
        scoring.rubric.open_citation(0)
    scoring.narrative.show_part("part3")
    first.close()

    second = make_window(qtbot, workspace)
    open_from_queue(qtbot, second)
    restored = second.scoring
    assert restored is not None
    assert restored.session.current_target == "eo1.2"
    assert restored.narrative.current_part_id() == "part3"
    pdf2 = restored.artifacts._pdf
    assert pdf2 is not None
    qtbot.waitUntil(lambda: pdf2.current_page() == 3, timeout=WAIT_MS)


def test_shortcut_sheet_lists_every_binding(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    sheet = ShortcutSheet(window)
    qtbot.addWidget(sheet)
    table = sheet.findChild(QTableWidget)
    assert table is not None and table.rowCount() == len(SHEET)
    assert {table.item(r, 2).text() for r in range(table.rowCount())} >= {
        "Next detail or part",
        "Set the level (in rubric order)",
        "Open citation 1 to 9 of the current detail",
    }


@pytest.fixture
def video_workspace(tmp_path: Path, data_dir: Path) -> Iterator[Workspace]:
    video = make_video(tmp_path / "clip.webm", seconds=4)
    manifest, files = with_video(sample_manifest(), video)
    bundle = tmp_path / "video.zip"
    write_bundle(bundle, manifest, {"artifacts/a1.pdf": make_pdf(6), **files})
    ws = Workspace.open(data_dir)
    ws.import_bundle(bundle)
    yield ws
    ws.close()


@pytest.mark.gui
def test_time_citation_lands_on_the_cited_frame(qtbot, video_workspace: Workspace) -> None:  # type: ignore[no-untyped-def]
    window = make_window(qtbot, video_workspace)
    open_from_queue(qtbot, window)
    scoring = window.scoring
    assert scoring is not None
    scoring.session.set_current_target("eo2.1")  # cites 00:01.500-00:02.500 of the clip
    media = scoring.artifacts._media_viewer()
    scoring.artifacts._pdf_viewer()  # the PDF is in front until the citation is followed
    if media.player is None:
        pytest.fail(f"libVLC did not start: {media.warning_text()}")
    with qtbot.waitSignal(media.citation_shown, timeout=WAIT_MS):
        assert scoring.rubric.open_citation(0)
    assert scoring.artifacts.stack.currentWidget() is media
    position = media.position_ms()
    assert position is not None and abs(position - 1500) <= 40  # within one frame at 25 fps
    assert scoring.artifacts.current_artifact().id == "v1"  # type: ignore[union-attr]
    window.close()
    QApplication.processEvents()


def test_a_window_whose_workspace_was_closed_stops_polling_it(
    qtbot, tmp_path: Path, data_dir: Path
) -> None:  # type: ignore[no-untyped-def]
    """The owner closed the workspace while the window lives on (a caller's bug, or a
    shutdown in progress): the next status refresh stops the timer instead of raising."""
    ws = Workspace.open(data_dir)
    window = make_window(qtbot, ws)
    assert window._status_timer.isActive()
    ws.close()
    window.refresh_status()  # what the timer would do: must not raise
    assert not window._status_timer.isActive()


def test_an_assessor_does_not_see_the_lead_menu(window: MainWindow) -> None:
    assert window.lead_ui is not None
    assert not window.lead_ui.menu.menuAction().isVisible()
    assert window.lead_ui.report_identity_action in window.score_menu.actions()
