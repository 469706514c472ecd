"""Start-up as the app does it: the main window painted as a shell first, the workspace opened
on a worker after that paint and attached; what happens when it cannot be opened; the Help
menu (user guide with its screenshots, log folder, About); and the crash dialog."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot
from support.bundles import write_sample_bundle

from assessor_app.logging_setup import PRIVACY, configure_logging, shutdown_logging
from assessor_app.ui.app import CRASH_TITLE, install_crash_dialog, settings_for
from assessor_app.ui.help.about import about_html
from assessor_app.ui.help.user_guide import UserGuideDialog, find_user_guide
from assessor_app.ui.main_window import OPENING_TEXT, MainWindow
from assessor_app.workspace import Workspace

SID = "SUB-TEST-0001"
WAIT_MS = 20_000


@pytest.fixture
def filled(tmp_path: Path, data_dir: Path) -> Path:
    with Workspace.open(data_dir) as ws:
        ws.import_bundle(write_sample_bundle(tmp_path / "sample.zip", SID))
    return data_dir


@pytest.fixture
def shell(qtbot: QtBot, filled: Path) -> Iterator[MainWindow]:
    window = MainWindow(None, settings_for(filled))
    qtbot.addWidget(window)
    yield window
    window.close()
    window.finish()


def menu_titles(window: MainWindow) -> list[str]:
    return [a.text() for a in window.menuBar().actions()]


def test_the_shell_paints_first_then_the_workspace_is_attached(
    qtbot: QtBot, shell: MainWindow, filled: Path
) -> None:
    assert shell.workspace is None and shell.sync_ui is None
    assert "S&ync" not in menu_titles(shell)
    with qtbot.waitSignal(shell.workspace_attached, timeout=WAIT_MS):
        shell.open_workspace(filled)
        assert shell.pages.currentWidget() is shell.opening_page
        assert shell.statusBar().currentMessage() == OPENING_TEXT
        shell.show()
        qtbot.waitExposed(shell)
    assert shell._painted  # the workspace was opened after the first paint
    assert shell.workspace is not None
    assert shell.pages.currentWidget() is shell.queue
    assert shell.queue.model.rowCount() == 1
    titles = menu_titles(shell)
    help_at = titles.index("&Help")
    assert titles[help_at - 2 : help_at] == ["S&ync", "&Lead"]  # both go in before Help
    assert shell.sync_ui is not None and shell.sync_ui.status.isVisible()
    assert shell.pending_label.text() == "Nothing waiting to sync"


def test_a_workspace_in_use_is_reported_on_the_page(
    qtbot: QtBot, shell: MainWindow, filled: Path
) -> None:
    # Another copy of the app has the workspace open.
    with Workspace.open(filled), qtbot.waitSignal(shell.open_failed, timeout=WAIT_MS) as failed:
        shell.open_workspace(filled)
        shell.show()
    assert "open in another" in failed.args[0]
    assert shell.workspace is None
    assert "cannot be opened" in shell.opening_page.text()


def test_geometry_is_restored_before_the_workspace_opens(qtbot: QtBot, filled: Path) -> None:
    first = MainWindow(None, settings_for(filled))
    qtbot.addWidget(first)
    first.resize(1111, 777)
    first.show()
    qtbot.waitExposed(first)
    first.close()
    second = MainWindow(None, settings_for(filled))
    qtbot.addWidget(second)
    assert (second.width(), second.height()) == (1111, 777)


def test_help_menu_guide_log_folder_and_about(qtbot: QtBot, shell: MainWindow) -> None:
    texts = [a.text() for a in shell.help_menu.actions() if a.text()]
    assert texts == ["&User guide", "&Keyboard shortcuts", "Open &log folder", "&About"]
    guide = find_user_guide()
    assert guide is not None and guide.name == "user-guide.md"
    dialog = UserGuideDialog(shell)
    qtbot.addWidget(dialog)
    markdown = guide.read_text(encoding="utf-8")
    assert dialog.images == markdown.count("](screenshots/")
    assert dialog.images >= 3
    plain = dialog.browser.toPlainText()
    assert "Scoring" in plain and "Where the logs are" in plain
    html = about_html({"Assessor Workstation": "1", "Qt": "6.9", "MuPDF": "1.26", "libVLC": "3"})
    assert "Qt" in html and "MuPDF" in html and "libVLC" in html


@pytest.mark.qt_no_exception_capture
def test_a_slot_that_raises_shows_the_crash_dialog_and_the_judgment_is_on_disk(
    qtbot: QtBot, filled: Path, tmp_path: Path
) -> None:
    log_file = configure_logging(tmp_path / "logs")
    assert log_file is not None
    previous_hook = __import__("sys").excepthook
    install_crash_dialog()
    ws = Workspace.open(filled)
    try:
        window = MainWindow(ws, settings_for(filled))
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.open_submission(SID)
        assert window.scoring is not None
        window.scoring.session.set_current_target("eo1.1")
        window._select_level(0)  # Ctrl+1: proficient, written at once

        seen: list[str] = []

        def read_and_close_dialog() -> None:
            box = QApplication.activeModalWidget()
            if isinstance(box, QMessageBox):
                seen.append(f"{box.windowTitle()}\n{box.text()}")
                box.accept()
            else:
                QTimer.singleShot(50, read_and_close_dialog)

        def broken_slot() -> None:
            raise RuntimeError("a bug in a slot")

        QTimer.singleShot(50, read_and_close_dialog)
        QTimer.singleShot(0, broken_slot)
        qtbot.waitUntil(lambda: bool(seen), timeout=WAIT_MS)
        assert seen[0].startswith(CRASH_TITLE)
        assert "Every judgment you made has been saved" in seen[0]
        assert "RuntimeError: a bug in a slot" in seen[0]
        # The judgment made just before is in the database, read by another connection.
        with sqlite3.connect(ws.db_path) as db:
            rows = db.execute(
                "SELECT level FROM judgments WHERE submission_id = ? AND target_id = 'eo1.1'",
                (SID,),
            ).fetchall()
        assert rows == [("P",)]
        window.close()
    finally:
        __import__("sys").excepthook = previous_hook
        ws.close()
        shutdown_logging()
        PRIVACY.forget_all()
    assert "a bug in a slot" in log_file.read_text(encoding="utf-8")
