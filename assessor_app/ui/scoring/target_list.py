"""The list of everything to judge: judged parts, then each outcome with its details.

Rows are in ``rubric.target_ids()`` order. Outcome headers group the details and cannot be
selected; Up and Down step through targets (skipping headers) via the session, so keyboard and
mouse navigation go through one path.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon, QKeyEvent
from PySide6.QtWidgets import QHeaderView, QTreeWidgetItem, QWidget

from assessor_app.ui.scoring.session import ScoringSession
from assessor_app.ui.scoring.target_info import locate, outcome_heading, status_of, warnings_of
from assessor_app.ui.scoring.target_tree import LABEL_COLUMN, TARGET_ROLE, TargetTree
from assessor_app.ui.scoring.tones import status_icon

_STATUS_COLUMN, _WARN_COLUMN = LABEL_COLUMN, 1

__all__ = ["TARGET_ROLE", "TargetList"]


class TargetList(TargetTree):
    """A two-column tree: status icon and label, then a narrow warning-mark column."""

    def __init__(self, session: ScoringSession, parent: QWidget | None = None) -> None:
        super().__init__(session, 2, parent)
        self.setHeaderHidden(True)
        self.setUniformRowHeights(False)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(_STATUS_COLUMN, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(_WARN_COLUMN, QHeaderView.ResizeMode.Fixed)
        self.setAccessibleName("Details to judge")
        self.setAccessibleDescription(
            "Every part and detail of the rubric with its status. "
            "Up and Down move between them; the selected one is shown below."
        )
        self._build()
        self.restyle()
        self.currentItemChanged.connect(self._on_current_item_changed)
        self.itemClicked.connect(self._on_item_clicked)
        session.judgment_changed.connect(self.refresh_row)
        session.current_target_changed.connect(self.select_target)
        self.select_target(session.current_target)

    # --- building -------------------------------------------------------------------------
    def _build(self) -> None:
        session = self._session
        for part in session.rubric.judged_parts():
            self._add_target(self.invisibleRootItem(), part.id)
        for number, outcome in enumerate(session.rubric.outcomes, start=1):
            spoken = f"Essential outcome {number}: {outcome.title}"
            header = self._add_header([outcome_heading(number, outcome), ""], spoken)
            header.setToolTip(_STATUS_COLUMN, spoken)
            header.setData(_STATUS_COLUMN, TARGET_ROLE, None)
            for detail in outcome.details:
                self._add_target(header, detail.id)
        self.expandAll()

    def _add_target(self, parent: QTreeWidgetItem, target_id: str) -> None:
        self._add_row(parent, [locate(self._session, target_id).row_text, ""], target_id)

    def sizeHint(self) -> QSize:
        """Tall enough for every row, up to about fourteen of them."""
        return self._rows_size_hint(min(len(self._items) + self.session_outcome_count(), 14), 4)

    def session_outcome_count(self) -> int:
        return len(self._session.rubric.outcomes)

    # --- status ---------------------------------------------------------------------------
    def refresh_row(self, target_id: str) -> None:
        item = self._items.get(target_id)
        if item is None:
            return
        located = locate(self._session, target_id)
        status = status_of(self._session, target_id)
        warnings = warnings_of(self._session, target_id)
        item.setIcon(_STATUS_COLUMN, status_icon(self, status, self._tones))
        item.setIcon(_WARN_COLUMN, self._warn_icon if warnings else QIcon())
        spoken = ", ".join([located.spoken, status.spoken, *warnings])
        item.setData(_STATUS_COLUMN, Qt.ItemDataRole.AccessibleTextRole, spoken)
        tip = "\n".join([located.spoken, f"Status: {status.spoken}", *warnings])
        item.setToolTip(_STATUS_COLUMN, tip)
        item.setToolTip(_WARN_COLUMN, "\n".join(warnings))

    # --- selection ------------------------------------------------------------------------
    def _on_current_item_changed(
        self, current: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None
    ) -> None:
        if self._syncing or current is None:
            return
        target_id = self._target_of(current)  # an outcome header (Page Up/Down): its first row
        if target_id:
            self._session.set_current_target(target_id)

    def _on_item_clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        """A click on an outcome header goes to its first detail."""
        child = item.child(0) if item.data(_STATUS_COLUMN, TARGET_ROLE) is None else None
        first = child.data(_STATUS_COLUMN, TARGET_ROLE) if child is not None else None
        if first:
            self._session.set_current_target(str(first))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if plain and key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self._session.step_target(-1 if key == Qt.Key.Key_Up else 1)
        elif plain and key in (Qt.Key.Key_Home, Qt.Key.Key_End):
            targets = self._session.rubric.target_ids()
            if targets:
                self._session.set_current_target(targets[0 if key == Qt.Key.Key_Home else -1])
        else:
            super().keyPressEvent(event)
            return
        event.accept()
