"""The keyboard map: one table that binds the keys and writes the shortcut sheet.

Scoring is keyboard-first. Every action an assessor repeats hundreds of times a day has a key,
and the sheet (F1 or ?) is generated from the same table, so it cannot drift from the bindings.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)


@dataclass(frozen=True)
class Binding:
    group: str
    keys: tuple[str, ...]  # QKeySequence portable strings
    description: str


def level_keys(index: int) -> tuple[str, ...]:
    return (f"Ctrl+{index + 1}",)


def citation_keys(index: int) -> tuple[str, ...]:
    return (f"Alt+{index + 1}",)


SHEET: tuple[Binding, ...] = (
    Binding("Moving around", ("Ctrl+Down", "Ctrl+J"), "Next detail or part"),
    Binding("Moving around", ("Ctrl+Up", "Ctrl+K"), "Previous detail or part"),
    Binding("Moving around", ("Ctrl+Return",), "Next detail still to judge"),
    Binding("Moving around", ("F6",), "Move focus: narrative → artifact → rubric"),
    Binding("Moving around", ("Ctrl+L",), "Focus the list of details"),
    Binding("Moving around", ("Alt+Left", "Ctrl+W"), "Back to the queue"),
    Binding("Judging", ("Ctrl+1 … Ctrl+9",), "Set the level (in rubric order)"),
    Binding("Judging", ("Ctrl+Backspace",), "Clear the level of the current detail"),
    Binding("Judging", ("Ctrl+E",), "Write feedback for the current detail"),
    Binding("Judging", ("Ctrl+Z",), "Undo the last judgment change"),
    Binding("Judging", ("Ctrl+Shift+Z", "Ctrl+Y"), "Redo"),
    Binding("Judging", ("Ctrl+Shift+S",), "Submit scores"),
    Binding("Evidence", ("Alt+1 … Alt+9",), "Open citation 1 to 9 of the current detail"),
    Binding("Evidence", ("Ctrl+F",), "Find in the focused narrative or document"),
    Binding("Evidence", ("Space",), "Play / pause (video and audio)"),
    Binding("Evidence", (", / .",), "Step one frame back / forward"),
    Binding("Evidence", ("Ctrl+= / Ctrl+-",), "Zoom in / out"),
    Binding("Queue", ("Return",), "Open the selected submission"),
    Binding("Queue", ("Ctrl+I",), "Import a bundle file"),
    Binding("Sync", ("F5",), "Sync now (sign in first if needed)"),
    Binding("Help", ("F1", "?"), "This sheet"),
)


def bind(
    parent: QWidget,
    keys: tuple[str, ...],
    handler: Callable[[], object],
    *,
    context: Qt.ShortcutContext = Qt.ShortcutContext.WindowShortcut,
) -> list[QShortcut]:
    """Bind each key sequence to ``handler``; returns the shortcuts (owned by ``parent``)."""
    made = []
    for key in keys:
        shortcut = QShortcut(QKeySequence(key), parent)
        shortcut.setContext(context)
        shortcut.activated.connect(handler)
        made.append(shortcut)
    return made


class ShortcutSheet(QDialog):
    """The keyboard map as a searchable-at-a-glance table."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.setAccessibleName("Keyboard shortcuts")
        table = QTableWidget(len(SHEET), 3, self)
        table.setAccessibleName("Shortcut table")
        table.setHorizontalHeaderLabels(["Area", "Keys", "Action"])
        table.verticalHeader().hide()
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        for row, binding in enumerate(SHEET):
            keys = "  or  ".join(binding.keys)
            for col, text in enumerate((binding.group, keys, binding.description)):
                table.setItem(row, col, QTableWidgetItem(text))
        table.resizeColumnsToContents()
        table.horizontalHeader().setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(table)
        layout.addWidget(buttons)
        metrics = self.fontMetrics()
        self.resize(metrics.horizontalAdvance("M") * 62, metrics.height() * (len(SHEET) + 6))
