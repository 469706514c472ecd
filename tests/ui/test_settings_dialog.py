"""Edit ▸ Preferences on the real main window: reached with Ctrl+,; font size, sync interval
and shortcuts apply at once and are saved; clashing keys are named and block OK."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot
from support.bundles import write_sample_bundle

from assessor_app.settings import SettingsStore, settings_path
from assessor_app.ui.app import settings_for
from assessor_app.ui.main_window import MainWindow
from assessor_app.ui.settings_dialog import SettingsDialog, conflicts, fixed_keys, sheet_keys
from assessor_app.workspace import Workspace

SID = "SUB-TEST-0001"


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, data_dir: Path) -> Iterator[MainWindow]:
    ws = Workspace.open(data_dir)
    ws.import_bundle(write_sample_bundle(tmp_path / "sample.zip", SID))
    store = SettingsStore.load()
    made = MainWindow(ws, settings_for(data_dir), app_settings=store)
    qtbot.addWidget(made)
    made.resize(1300, 850)
    made.show()
    qtbot.waitExposed(made)
    made.activateWindow()
    qtbot.waitUntil(made.isActiveWindow, timeout=10_000)
    font = QApplication.font()
    yield made
    made.close()
    ws.close()
    QApplication.setFont(font)


def open_preferences(qtbot: QtBot, window: MainWindow) -> SettingsDialog:
    qtbot.keyClick(window, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    dialog = window.findChild(SettingsDialog)
    assert dialog is not None and dialog.isVisible()
    return dialog


def test_sheet_ranges_and_fixed_keys() -> None:
    assert sheet_keys("Ctrl+1 … Ctrl+9") == [f"Ctrl+{n}" for n in range(1, 10)]
    assert sheet_keys(", / .") == [",", "."]
    fixed = fixed_keys([("write_feedback", "Write feedback", ("Ctrl+E",))])
    assert fixed["Ctrl+3"] == "Set the level (in rubric order)"
    assert "Ctrl+E" not in fixed  # movable: it belongs to an action the person may change
    actions = [("a", "Next detail", ("Ctrl+J",)), ("b", "Write feedback", ("Ctrl+E",))]
    assert conflicts(actions, {"a": "Ctrl+E"}, {}) == [
        "Ctrl+E is used by both “Next detail” and “Write feedback”."
    ]
    assert conflicts(actions, {"a": "Ctrl+F"}, fixed_keys(actions))[0].startswith(
        "Ctrl+F is already “Find in the focused narrative or document”"
    )


def test_preferences_apply_at_once_and_are_saved(qtbot: QtBot, window: MainWindow) -> None:
    dialog = open_preferences(qtbot, window)
    dialog.font_size.setValue(15)
    dialog.sync_interval.setValue(12)
    dialog.purge_days.setValue(30)
    dialog.data_dir.setText("/srv/assessor-data")
    dialog.editors["next_detail"].setKeySequence(QKeySequence("Ctrl+N"))
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert not dialog.isVisible()

    assert QApplication.font().pointSize() == 15
    assert window.sync_ui is not None
    assert window.sync_ui.controller.interval_ms == 12 * 60_000
    assert [k.toString() for k in window.actions_by_id["next_detail"].shortcuts()] == ["Ctrl+N"]
    saved = json.loads(settings_path().read_text())
    assert saved["font_size"] == 15 and saved["sync_interval_minutes"] == 12
    assert saved["purge_after_days"] == 30 and saved["data_dir"] == "/srv/assessor-data"
    assert saved["shortcuts"] == {"next_detail": "Ctrl+N"}

    # The new key works; the old one no longer does.
    window.open_submission(SID)
    session = window.scoring.session  # type: ignore[union-attr]
    assert session.current_target == "part1"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert session.current_target != "part1"


def test_clashing_keys_are_named_and_block_ok(qtbot: QtBot, window: MainWindow) -> None:
    dialog = open_preferences(qtbot, window)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    dialog.editors["next_detail"].setKeySequence(QKeySequence("Ctrl+E"))
    assert not ok.isEnabled()
    assert "Ctrl+E is used by both" in dialog.message.text() and dialog.message.isVisible()
    dialog.editors["next_detail"].setKeySequence(QKeySequence("Ctrl+3"))
    assert not ok.isEnabled()
    assert "Set the level" in dialog.message.text()
    dialog.editors["next_detail"].clear()
    assert ok.isEnabled() and not dialog.message.isVisible()
    dialog.reject()
    assert not settings_path().exists()  # nothing changed, nothing written


def test_next_start_settings_say_so(qtbot: QtBot, window: MainWindow) -> None:
    dialog = open_preferences(qtbot, window)
    texts = " ".join(label.text() for label in dialog.findChildren(type(dialog.message)))
    assert texts.count("next time the app starts") >= 2  # video output and the data folder
    dialog.reject()
