"""The assessor's queue: every assignment in the workspace, sortable and filterable.

Rows carry only what an assessor may see: the opaque submission code, the credential, status,
due date and progress. Enter (or a double click) opens the selected submission. Where this
person is a submission's lead, the row says so (Role), its status follows the reconciliation
("Waiting for assessors", "Ready to reconcile", "Reconciled"), and it shows how many targets
the two assessors disagree on and how many identity reports are open; those columns are
hidden while no row is a lead's.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionProgressBar,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:  # annotations only: the queue is built before the workspace is opened
    from assessor_app.workspace import SubmissionSummary

COLUMNS = (
    "Submission",
    "Credential",
    "Version",
    "Status",
    "Due",
    "Progress",
    "Role",
    "Disagreements",
    "Identity reports",
)
COL_PROGRESS = 5
LEAD_COLUMNS = (6, 7, 8)  # shown only when some row is a lead's
LEAD_STATES = ("Waiting for assessors", "Ready to reconcile", "Reconciled")
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2

_Index = QModelIndex | QPersistentModelIndex


def status_label(status: object) -> str:
    value = str(getattr(status, "value", status))
    return {
        "new": "New",
        "in_progress": "In progress",
        "ready": "Ready to submit",
        "submitted": "Submitted",
        "conflict": "Conflict",
        "revoked": "Revoked",
    }.get(value, value.replace("_", " ").capitalize())


def row_status(s: SubmissionSummary) -> str:
    """The status column: a lead's row follows the reconciliation, others the scoring."""
    if s.role != "lead" or str(s.status) in ("revoked", "conflict"):
        return status_label(s.status)
    if str(s.status) == "submitted":
        return LEAD_STATES[2]
    return LEAD_STATES[1] if s.released else LEAD_STATES[0]


def lead_cells(s: SubmissionSummary) -> tuple[str, str, str]:
    """Role, disagreements and open identity reports as the queue writes them."""
    lead = s.role == "lead"
    if not lead:
        disagreements = ""
    elif s.disagreements is None:
        disagreements = "—"
    else:
        disagreements = str(s.disagreements)
    reports = str(s.open_identity_reports) if s.open_identity_reports else ""
    return ("Lead" if lead else "Assessor", disagreements, reports)


def due_label(due: str | None, today: date | None = None) -> str:
    if not due:
        return "—"
    try:
        when = date.fromisoformat(due[:10])
    except ValueError:
        return due
    days = (when - (today or date.today())).days
    if days < 0:
        return f"{when:%d %b %Y} (overdue)"
    if days == 0:
        return f"{when:%d %b %Y} (today)"
    return f"{when:%d %b %Y} ({days} d)"


class QueueModel(QAbstractTableModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[SubmissionSummary] = []
        self._notes: Mapping[str, str] = {}

    def set_rows(
        self, rows: Sequence[SubmissionSummary], notes: Mapping[str, str] | None = None
    ) -> None:
        """``notes``: submission id -> a few words shown after its status."""
        self.beginResetModel()
        self._rows = list(rows)
        self._notes = dict(notes or {})
        self.endResetModel()

    def status_text(self, s: SubmissionSummary) -> str:
        note = self._notes.get(s.id)
        return f"{row_status(s)} · {note}" if note else row_status(s)

    def row_id(self, row: int) -> str:
        return self._rows[row].id

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        s = self._rows[index.row()]
        col = index.column()
        if role == ID_ROLE:
            return s.id
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                s.id,
                s.credential_title,
                s.credential_version,
                self.status_text(s),
                due_label(s.due),
                f"{s.judged} / {s.total}",
                *lead_cells(s),
            )[col]
        if role == SORT_ROLE:
            return (
                s.id,
                s.credential_title.casefold(),
                s.credential_version,
                row_status(s),
                s.due or "9999",
                s.judged / s.total if s.total else 0.0,
                s.role,
                -1 if s.disagreements is None else s.disagreements,
                s.open_identity_reports,
            )[col]
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_PROGRESS:
            done = "decided" if s.role == "lead" else "judged"
            return f"{s.judged} of {s.total} details and parts {done}"
        if role == Qt.ItemDataRole.ToolTipRole and col == LEAD_COLUMNS[1] and s.role == "lead":
            if s.disagreements is None:
                return "Known once both assessors have submitted"
            return f"The two assessors disagree on {s.disagreements} of {s.total}"
        if role == Qt.ItemDataRole.ToolTipRole and col == LEAD_COLUMNS[2]:
            n = s.open_identity_reports
            return f"{n} open identity report{'s' if n != 1 else ''}" if n else None
        if role == Qt.ItemDataRole.AccessibleTextRole:
            status = self.status_text(s)
            text = f"{s.id}, {s.credential_title}, {status}, {s.judged} of {s.total} judged"
            if s.role == "lead":
                text = f"{s.id}, {s.credential_title}, lead, {status}"
                if s.disagreements is not None:
                    text += f", {s.disagreements} disagreements"
                text += f", {s.judged} of {s.total} decided"
            if s.open_identity_reports:
                text += f", {s.open_identity_reports} open identity reports"
            return text
        return None


class QueueFilter(QSortFilterProxyModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self._text = ""
        self._status = ""

    def set_text(self, text: str) -> None:
        self._text = text.casefold().strip()
        self.invalidateFilter()

    def set_status(self, status: str) -> None:
        self._status = status
        self.invalidateFilter()

    def filterAcceptsRow(self, row: int, parent: _Index) -> bool:
        model = self.sourceModel()
        cells = [
            str(model.data(model.index(row, col, parent)) or "") for col in range(len(COLUMNS))
        ]
        if self._status and cells[3].split(" · ")[0] != self._status:
            return False
        return not self._text or any(self._text in c.casefold() for c in cells[:3])


class ProgressDelegate(QStyledItemDelegate):
    """Draws "judged / total" as a slim progress bar."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        text = str(index.data() or "0 / 0")
        judged, _, total = text.partition(" / ")
        bar = QStyleOptionProgressBar()
        bar.rect = option.rect.adjusted(4, 4, -4, -4)  # type: ignore[attr-defined]
        bar.minimum = 0
        bar.maximum = max(1, int(total or 1))
        bar.progress = int(judged or 0)
        bar.text = text
        bar.textVisible = True
        bar.state = option.state  # type: ignore[attr-defined]
        bar.palette = option.palette  # type: ignore[attr-defined]
        style = option.widget.style() if option.widget else QApplication.style()  # type: ignore[attr-defined]
        style.drawControl(QStyle.ControlElement.CE_ProgressBar, bar, painter)


class _QueueTable(QTableView):
    activated_row = Signal(QModelIndex)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.activated_row.emit(self.currentIndex())
            return
        super().keyPressEvent(event)


class QueueView(QWidget):
    """The list of assignments; emits ``open_requested(submission_id)``."""

    open_requested = Signal(str)
    import_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = QueueModel(self)
        self.proxy = QueueFilter(self)
        self.proxy.setSourceModel(self.model)

        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Filter by code or credential")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Filter submissions")
        self.search.textChanged.connect(self.proxy.set_text)
        self.status_filter = QComboBox(self)
        self.status_filter.setAccessibleName("Filter by status")
        self.status_filter.addItem("All statuses", "")
        for value in ("new", "in_progress", "ready", "submitted", "conflict", "revoked"):
            self.status_filter.addItem(status_label(value), status_label(value))
        for label in LEAD_STATES:
            self.status_filter.addItem(label, label)
        self.status_filter.currentIndexChanged.connect(
            lambda _i: self.proxy.set_status(self.status_filter.currentData() or "")
        )
        self.count_label = QLabel(self)
        self.count_label.setAccessibleName("Number of submissions shown")

        self.table = _QueueTable(self)
        self.table.setAccessibleName("Submission queue")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(4, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.setItemDelegateForColumn(COL_PROGRESS, ProgressDelegate(self.table))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(self.fontMetrics().horizontalAdvance("0000 / 0000") + 24)
        self.table.doubleClicked.connect(self._open_index)
        self.table.activated_row.connect(self._open_index)
        self.proxy.rowsInserted.connect(self._update_count)
        self.proxy.modelReset.connect(self._update_count)
        self.proxy.layoutChanged.connect(self._update_count)

        self.empty = QWidget(self)
        empty_text = QLabel(
            "<h3>No submissions yet</h3><p>Submissions arrive when you sync with your portal, "
            "or import a bundle file someone handed you.</p>",
            self.empty,
        )
        empty_text.setWordWrap(True)
        empty_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        import_button = QPushButton("Import a bundle file…", self.empty)
        import_button.setAccessibleName("Import a bundle file")
        import_button.clicked.connect(self.import_requested)
        empty_layout = QVBoxLayout(self.empty)
        empty_layout.addStretch()
        empty_layout.addWidget(empty_text)
        empty_layout.addWidget(import_button, alignment=Qt.AlignmentFlag.AlignCenter)
        empty_layout.addStretch()

        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)

        bar = QHBoxLayout()
        bar.addWidget(self.search, 3)
        bar.addWidget(self.status_filter, 1)
        bar.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.stack)
        self.setFocusProxy(self.table)

    def set_submissions(
        self,
        rows: Sequence[SubmissionSummary],
        select: str | None = None,
        notes: Mapping[str, str] | None = None,
    ) -> None:
        current = select or self.selected_id()
        self.model.set_rows(rows, notes)
        leading = any(r.role == "lead" for r in rows)
        for column in LEAD_COLUMNS:
            self.table.setColumnHidden(column, not leading)
        self.stack.setCurrentWidget(self.table if rows else self.empty)
        self.select(current)
        self._update_count()

    def select(self, submission_id: str | None) -> None:
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if submission_id is None or index.data(ID_ROLE) == submission_id:
                self.table.setCurrentIndex(index)
                self.table.selectRow(row)
                return

    def selected_id(self) -> str | None:
        index = self.table.currentIndex()
        return str(index.data(ID_ROLE)) if index.isValid() else None

    def _open_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_requested.emit(str(index.data(ID_ROLE)))

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count_label.setText(f"{shown} of {total}" if shown != total else f"{total} in queue")
