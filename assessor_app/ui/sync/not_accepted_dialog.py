"""Changes the portal did not accept (locked, forbidden, invalid), with its reasons. Read-only:
they are kept on this computer and never dropped, and shown so that nothing goes missing
silently."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from assessor_app.domain.model import Rubric
from assessor_app.errors import BundleMissingError, UnknownSubmissionError
from assessor_app.storage.sync_store import NotAccepted, OpState
from assessor_app.ui.sync.conflicts_dialog import level_text
from assessor_app.ui.sync.sync_text import local_time
from assessor_app.workspace import Workspace

COLUMNS = ("Made", "Submission", "What", "Change", "Portal's answer", "Why")

INTRO = (
    "The portal did not accept these changes. They stay on this computer and are never "
    "dropped. <b>Locked</b>: the submission was already submitted or withdrawn on the portal. "
    "<b>Not yours</b>: the portal does not list it as your assignment. <b>Refused</b>: the "
    "portal could not use the change; the reason says why. If one of them matters, tell your "
    "lead or the portal's administrator."
)

ANSWERS = {
    OpState.LOCKED: "Locked",
    OpState.FORBIDDEN: "Not yours",
    OpState.INVALID: "Refused",
}


def change_text(item: NotAccepted, rubric: Rubric | None) -> str:
    if item.kind == "judge":
        text = f"Judged {level_text(rubric, item.level)}"
        if item.comment:
            text += f": “{item.comment}”"
        return text
    if item.kind == "clear":
        return "Cleared the judgment"
    if item.kind == "submit":
        return "Submitted the scores"
    return item.kind


class NotAcceptedDialog(QDialog):
    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.setObjectName("notAcceptedDialog")
        self.setWindowTitle("Changes not accepted")
        self.setAccessibleName("Changes the portal did not accept")
        intro = QLabel(INTRO, self)
        intro.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setAccessibleName("Changes not accepted")
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.empty = QLabel("Every change you made was accepted.", self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        em = self.fontMetrics().horizontalAdvance("M")
        self.resize(em * 70, em * 30)
        self.refresh()

    def refresh(self) -> None:
        items = self.workspace.not_accepted()
        rubrics: dict[str, Rubric | None] = {}
        self.table.setRowCount(len(items))
        for row, item in enumerate(items):
            sid = item.submission_id
            if sid not in rubrics:
                try:
                    rubrics[sid] = self.workspace.submission(sid).manifest.rubric
                except (BundleMissingError, UnknownSubmissionError):
                    rubrics[sid] = None
            rubric = rubrics[sid]
            if item.target_id is None:
                what = "Whole submission"
            elif rubric is not None:
                what = rubric.target_label(item.target_id)
            else:
                what = item.target_id
            cells = (
                local_time(item.created_at) or item.created_at,
                sid,
                what,
                change_text(item, rubric),
                ANSWERS.get(item.status, item.status.value),
                item.message or "",
            )
            for col, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text)
                self.table.setItem(row, col, cell)
        self.table.resizeRowsToContents()
        self.table.setVisible(bool(items))
        self.empty.setVisible(not items)
