"""A tree of targets under bold group headers that follows the session's current target: the
shared part of the assessor's :class:`TargetList` and the lead's ``ReconcileList``.

Rows carry their target id in the label column (:data:`TARGET_ROLE`); headers carry none and
cannot be selected. Selecting a row (or a header, which stands for its first row) makes it the
session's current target; when the current target changes elsewhere, the row is selected
without that counting as a choice. A subclass builds the rows and paints each one
(:meth:`refresh_row`).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QAbstractItemView, QTreeWidget, QTreeWidgetItem, QWidget

from assessor_app.ui.scoring.session import ScoringSession
from assessor_app.ui.scoring.tones import Tones, warning_icon

TARGET_ROLE = Qt.ItemDataRole.UserRole + 1
LABEL_COLUMN = 0


class TargetTree(QTreeWidget):
    def __init__(
        self, session: ScoringSession, columns: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._items: dict[str, QTreeWidgetItem] = {}
        self._syncing = False
        self.setColumnCount(columns)
        self.setRootIsDecorated(False)
        self.setItemsExpandable(False)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    # --- painting -------------------------------------------------------------------------
    def restyle(self) -> None:
        """Repaint every row's glyphs (after a palette, style or DPI change)."""
        self._tones = Tones.of(self.palette())
        self._warn_icon = warning_icon(self, self._tones)
        self._size_columns()
        # The last column holds the warning mark.
        self.header().resizeSection(self.columnCount() - 1, self.fontMetrics().height() * 2)
        for target_id in self._items:
            self.refresh_row(target_id)

    def _size_columns(self) -> None:
        """Fix the width of any narrow columns besides the warning mark's."""

    def refresh_row(self, target_id: str) -> None:
        """Paint ``target_id``'s row as its judgment now stands."""
        raise NotImplementedError

    # --- building -------------------------------------------------------------------------
    def _add_header(self, texts: list[str], spoken: str | None = None) -> QTreeWidgetItem:
        """A bold top-level group header that cannot be selected, spoken as ``spoken`` (by
        default its label)."""
        header = QTreeWidgetItem(self, texts)
        header.setFlags(Qt.ItemFlag.ItemIsEnabled)
        font = QFont(self.font())
        font.setBold(True)
        header.setFont(LABEL_COLUMN, font)
        header.setData(
            LABEL_COLUMN, Qt.ItemDataRole.AccessibleTextRole, texts[0] if spoken is None else spoken
        )
        return header

    def _add_row(
        self, parent: QTreeWidgetItem, texts: list[str], target_id: str
    ) -> QTreeWidgetItem:
        item = QTreeWidgetItem(parent, texts)
        item.setData(LABEL_COLUMN, TARGET_ROLE, target_id)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        self._items[target_id] = item
        return item

    def _rows_size_hint(self, rows: int, row_padding: int) -> QSize:
        """Tall enough for ``rows`` rows."""
        hint = super().sizeHint()
        row_height = max(self.sizeHintForRow(0), self.fontMetrics().height() + row_padding)
        return QSize(hint.width(), rows * row_height + 2 * self.frameWidth())

    # --- reading --------------------------------------------------------------------------
    def target_ids(self) -> list[str]:
        """Target ids in row order (what the list shows)."""
        return list(self._items)

    def item_for(self, target_id: str) -> QTreeWidgetItem | None:
        return self._items.get(target_id)

    @staticmethod
    def _target_of(item: QTreeWidgetItem) -> str | None:
        """The target of a row, or of a header's first row."""
        target_id = item.data(LABEL_COLUMN, TARGET_ROLE)
        if not target_id and item.childCount():
            first = item.child(0)
            target_id = first.data(LABEL_COLUMN, TARGET_ROLE) if first is not None else None
        return str(target_id) if target_id else None

    # --- selection ------------------------------------------------------------------------
    def select_target(self, target_id: str) -> None:
        item = self._items.get(target_id)
        if item is None or item is self.currentItem():
            return
        self._syncing = True
        try:
            self.setCurrentItem(item, LABEL_COLUMN)
            self.scrollToItem(item)
        finally:
            self._syncing = False

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.StyleChange):
            self.restyle()
