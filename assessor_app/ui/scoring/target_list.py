"""The list of everything to judge: judged parts, then each outcome with its details.

Rows are in ``rubric.target_ids()`` order. Outcome headers group the details and cannot be
selected; Up and Down step through targets (skipping headers) via the session, so keyboard and
mouse navigation go through one path.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QFont, QIcon, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from assessor_app.ui.scoring.session import ScoringSession
from assessor_app.ui.scoring.target_info import locate, outcome_heading, status_of, warnings_of
from assessor_app.ui.scoring.tones import Tones, status_icon, warning_icon

TARGET_ROLE = Qt.ItemDataRole.UserRole + 1
_STATUS_COLUMN, _WARN_COLUMN = 0, 1


class TargetList(QTreeWidget):
    """A two-column tree: status icon and label, then a narrow warning-mark column."""

    def __init__(self, session: ScoringSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._items: dict[str, QTreeWidgetItem] = {}
        self._syncing = False
        self.setColumnCount(2)
        self.setHeaderHidden(True)
        self.setRootIsDecorated(False)
        self.setItemsExpandable(False)
        self.setUniformRowHeights(False)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
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
            header = QTreeWidgetItem(self, [outcome_heading(number, outcome), ""])
            header.setFlags(Qt.ItemFlag.ItemIsEnabled)
            font = QFont(self.font())
            font.setBold(True)
            header.setFont(_STATUS_COLUMN, font)
            header.setToolTip(_STATUS_COLUMN, f"Essential outcome {number}: {outcome.title}")
            header.setData(
                _STATUS_COLUMN,
                Qt.ItemDataRole.AccessibleTextRole,
                f"Essential outcome {number}: {outcome.title}",
            )
            header.setData(_STATUS_COLUMN, TARGET_ROLE, None)
            for detail in outcome.details:
                self._add_target(header, detail.id)
        self.expandAll()

    def _add_target(self, parent: QTreeWidgetItem, target_id: str) -> None:
        item = QTreeWidgetItem(parent, [locate(self._session, target_id).row_text, ""])
        item.setData(_STATUS_COLUMN, TARGET_ROLE, target_id)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        self._items[target_id] = item

    def sizeHint(self) -> QSize:
        """Tall enough for every row, up to about fourteen of them."""
        hint = super().sizeHint()
        rows = min(len(self._items) + self.session_outcome_count(), 14)
        row_height = max(self.sizeHintForRow(0), self.fontMetrics().height() + 4)
        return QSize(hint.width(), rows * row_height + 2 * self.frameWidth())

    def session_outcome_count(self) -> int:
        return len(self._session.rubric.outcomes)

    def target_ids(self) -> list[str]:
        """Target ids in row order (what the list shows)."""
        return list(self._items)

    def item_for(self, target_id: str) -> QTreeWidgetItem | None:
        return self._items.get(target_id)

    # --- status ---------------------------------------------------------------------------
    def restyle(self) -> None:
        """Repaint every status glyph (after a palette or DPI change)."""
        self._tones = Tones.of(self.palette())
        self._warn_icon = warning_icon(self, self._tones)
        self.header().resizeSection(_WARN_COLUMN, self.fontMetrics().height() * 2)
        for target_id in self._items:
            self.refresh_row(target_id)

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

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.StyleChange):
            self.restyle()

    # --- selection ------------------------------------------------------------------------
    def select_target(self, target_id: str) -> None:
        item = self._items.get(target_id)
        if item is None or item is self.currentItem():
            return
        self._syncing = True
        try:
            self.setCurrentItem(item, _STATUS_COLUMN)
            self.scrollToItem(item)
        finally:
            self._syncing = False

    def _on_current_item_changed(
        self, current: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None
    ) -> None:
        if self._syncing or current is None:
            return
        target_id = current.data(_STATUS_COLUMN, TARGET_ROLE)
        if not target_id and current.childCount():  # an outcome header (Page Up/Down)
            first = current.child(0)
            target_id = first.data(_STATUS_COLUMN, TARGET_ROLE) if first is not None else None
        if target_id:
            self._session.set_current_target(str(target_id))

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
