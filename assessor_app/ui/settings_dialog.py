"""Edit ▸ Preferences (Ctrl+,): font size, automatic sync, video output, keyboard shortcuts,
the workspace folder and how long the files of finished work are kept.

Font size, the sync interval and shortcuts apply at once; the data folder and the video
output at the next start (the dialog says so). A shortcut may not take keys another action
or one of the fixed keys of the keyboard map (:data:`assessor_app.ui.shortcuts.SHEET`) uses:
the clash is named and OK stays disabled until it is resolved.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QKeySequenceEdit,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from assessor_app.settings import (
    FONT_SIZE_RANGE,
    PURGE_DAYS_RANGE,
    SYNC_INTERVAL_RANGE,
    Settings,
    SettingsError,
    SettingsStore,
)
from assessor_app.ui.shortcuts import SHEET

NEXT_START = "Takes effect the next time the app starts."
_RANGE = re.compile(r"^(.*?)(\d) … (.*?)(\d)$")

ShortcutAction = tuple[str, str, tuple[str, ...]]  # id, text, default keys


def normalized(keys: str) -> str:
    """One spelling per key sequence ("ctrl+e" and "Ctrl+E" are the same keys)."""
    return QKeySequence(keys).toString(QKeySequence.SequenceFormat.PortableText)


def sheet_keys(written: str) -> list[str]:
    """The key sequences one entry of the keyboard map stands for ("Ctrl+1 … Ctrl+9" is nine,
    "Ctrl+= / Ctrl+-" two)."""
    found = _RANGE.match(written)
    if found:
        prefix, first, _prefix_again, last = found.groups()
        return [f"{prefix}{n}" for n in range(int(first), int(last) + 1)]
    return [part.strip() for part in written.split(" / ") if part.strip()]


def fixed_keys(actions: Iterable[ShortcutAction]) -> dict[str, str]:
    """Keys of the keyboard map that no preference moves -> what they do."""
    movable = {normalized(k) for _id, _text, keys in actions for k in keys}
    fixed: dict[str, str] = {}
    for binding in SHEET:
        for written in binding.keys:
            for keys in sheet_keys(written):
                key = normalized(keys)
                if key and key not in movable:
                    fixed.setdefault(key, binding.description)
    return fixed


def conflicts(
    actions: Sequence[ShortcutAction], overrides: dict[str, str], fixed: dict[str, str]
) -> list[str]:
    """Each clash in words: two actions on the same keys, or an action on a fixed key."""
    owner: dict[str, str] = {}
    problems: list[str] = []
    for action_id, text, defaults in actions:
        chosen = overrides.get(action_id)
        keys = [chosen] if chosen is not None else list(defaults)
        for key in (normalized(k) for k in keys if k):
            if not key:
                continue
            if key in fixed:
                problems.append(f"{key} is already “{fixed[key]}”; choose other keys for “{text}”.")
            elif key in owner:
                problems.append(f"{key} is used by both “{owner[key]}” and “{text}”.")
            else:
                owner[key] = text
    return problems


def _spin(low: int, high: int, special: str, suffix: str, name: str) -> QSpinBox:
    box = QSpinBox()
    box.setRange(low, high)
    box.setSpecialValueText(special)
    box.setSuffix(suffix)
    box.setAccessibleName(name)
    return box


class SettingsDialog(QDialog):
    """Emits ``applied(new Settings, old Settings)`` after OK saved the changes."""

    applied = Signal(object, object)

    def __init__(
        self,
        store: SettingsStore,
        actions: Sequence[ShortcutAction],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.shortcut_list = list(actions)
        self.fixed = fixed_keys(self.shortcut_list)
        self.setObjectName("settingsDialog")
        self.setWindowTitle("Preferences")
        self.setAccessibleName("Preferences")
        current = store.settings

        # -- general -------------------------------------------------------------------------
        self.font_size = _spin(
            FONT_SIZE_RANGE[0] - 1, FONT_SIZE_RANGE[1], "System size", " pt", "Font size"
        )
        self.font_size.setValue(current.font_size or FONT_SIZE_RANGE[0] - 1)
        self.sync_interval = _spin(
            *SYNC_INTERVAL_RANGE, "Only when asked (F5)", " min", "Sync automatically every"
        )
        self.sync_interval.setValue(current.sync_interval_minutes)
        self.purge_days = _spin(*PURGE_DAYS_RANGE, "Never", " days", "Remove synced files after")
        self.purge_days.setValue(current.purge_after_days)
        self.video_output = QComboBox()
        self.video_output.setAccessibleName("Video output")
        self.video_output.addItem("Automatic (the window system's own)", "auto")
        self.video_output.addItem("X11 (XWayland under Wayland; Linux)", "x11")
        if not sys.platform.startswith("linux"):
            self.video_output.model().item(1).setEnabled(False)  # type: ignore[attr-defined]
        self.video_output.setCurrentIndex(max(0, self.video_output.findData(current.video_output)))
        self.data_dir = QLineEdit(current.data_dir or "")
        self.data_dir.setPlaceholderText("Standard folder")
        self.data_dir.setAccessibleName("Workspace folder")
        browse = QPushButton("Choose…")
        browse.setAccessibleName("Choose the workspace folder")
        browse.clicked.connect(self._choose_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.data_dir, 1)
        folder_row.addWidget(browse)

        general = QWidget()
        form = QFormLayout(general)
        form.addRow("&Font size", self.font_size)
        form.addRow("&Sync automatically every", self.sync_interval)
        form.addRow(
            "&Remove files of submitted work",
            self._with_note(
                self.purge_days,
                "…once the portal has had every judgment for this long. Your judgments and "
                "feedback always stay.",
            ),
        )
        form.addRow("&Video output", self._with_note(self.video_output, NEXT_START))
        folder = QWidget()
        folder_layout = QVBoxLayout(folder)
        folder_layout.setContentsMargins(0, 0, 0, 0)
        folder_layout.addLayout(folder_row)
        folder_layout.addWidget(self._note(f"{NEXT_START} Nothing is moved: copy the folder."))
        form.addRow("&Workspace folder", folder)

        # -- shortcuts -----------------------------------------------------------------------
        self.table = QTableWidget(len(self.shortcut_list), 3)
        self.table.setAccessibleName("Keyboard shortcuts")
        self.table.setHorizontalHeaderLabels(["Action", "Standard keys", "Your keys"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.editors: dict[str, QKeySequenceEdit] = {}
        for row, (action_id, text, defaults) in enumerate(self.shortcut_list):
            self.table.setItem(row, 0, QTableWidgetItem(text))
            self.table.setItem(row, 1, QTableWidgetItem(", ".join(defaults) or "—"))
            editor = QKeySequenceEdit()
            editor.setMaximumSequenceLength(1)
            editor.setClearButtonEnabled(True)
            editor.setAccessibleName(f"Keys for {text}")
            chosen = current.shortcuts.get(action_id)
            if chosen:
                editor.setKeySequence(QKeySequence(chosen))
            editor.keySequenceChanged.connect(self._check)
            self.editors[action_id] = editor
            self.table.setCellWidget(row, 2, editor)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setMinimumSectionSize(self.fontMetrics().horizontalAdvance("Ctrl+Shift+Z") + 60)
        keys_page = QWidget()
        keys_layout = QVBoxLayout(keys_page)
        keys_layout.addWidget(
            self._note("Click a row's last cell and press the keys; clear it for the standard.")
        )
        keys_layout.addWidget(self.table)

        self.tabs = QTabWidget()
        self.tabs.addTab(general, "&General")
        self.tabs.addTab(keys_page, "&Keyboard")
        self.message = QLabel()
        self.message.setObjectName("settingsMessage")
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Problems with these settings")
        self.message.setStyleSheet("color: #c0392b;")
        self.message.setVisible(False)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.message)
        if not store.writable:
            layout.addWidget(
                self._note("Changes made here last until the app closes; they are not saved.")
            )
        layout.addWidget(self.buttons)
        self.resize(self.fontMetrics().horizontalAdvance("M") * 52, 520)
        self._check()

    # -- pieces ----------------------------------------------------------------------------
    def _note(self, text: str) -> QLabel:
        note = QLabel(text)
        note.setWordWrap(True)
        font = note.font()
        font.setPointSizeF(font.pointSizeF() * 0.9)
        note.setFont(font)
        return note

    def _with_note(self, field: QWidget, text: str) -> QWidget:
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(field)
        column.addWidget(self._note(text))
        return holder

    def _choose_folder(self) -> None:
        start = self.data_dir.text() or str(Path.home())
        chosen = QFileDialog.getExistingDirectory(self, "Workspace folder", start)
        if chosen:
            self.data_dir.setText(chosen)

    # -- reading the form -------------------------------------------------------------------
    def overrides(self) -> dict[str, str]:
        chosen = {}
        for action_id, editor in self.editors.items():
            keys = editor.keySequence().toString(QKeySequence.SequenceFormat.PortableText)
            if keys:
                chosen[action_id] = keys
        return chosen

    def chosen(self) -> Settings:
        size = self.font_size.value()
        folder = self.data_dir.text().strip()
        return Settings(
            data_dir=folder or None,
            sync_interval_minutes=self.sync_interval.value(),
            video_output=str(self.video_output.currentData()),
            font_size=None if size < FONT_SIZE_RANGE[0] else size,
            shortcuts=self.overrides(),
            purge_after_days=self.purge_days.value(),
            welcome_done=self.store.settings.welcome_done,
        )

    def problems(self) -> list[str]:
        return conflicts(self.shortcut_list, self.overrides(), self.fixed)

    def _check(self, *_args: object) -> bool:
        problems = self.problems()
        self.message.setText("\n".join(problems))
        self.message.setVisible(bool(problems))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(not problems)
        return not problems

    def save(self) -> None:
        if not self._check():
            return
        old = self.store.settings
        try:
            new = self.chosen()
            self.store.update(**{k: v for k, v in new.to_json().items() if k != "version"})
        except (SettingsError, OSError) as exc:
            self.message.setText(f"The settings were not saved: {exc}")
            self.message.setVisible(True)
            return
        self.applied.emit(self.store.settings, old)
        self.accept()
