"""Submissions the portal withdrew from this assessor, each with "Acknowledge and remove the
bundle". The assessor's own judgments and feedback stay on this computer either way; only the
candidate's files go, and only once the person has seen the notice."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from assessor_app.errors import AssessorError
from assessor_app.storage.sync_store import Assignment
from assessor_app.sync.protocol import AssignmentState
from assessor_app.workspace import Workspace

Confirm = Callable[[QWidget, str], bool]

EXPLANATION = (
    "The portal withdrew these submissions from you. Your judgments and feedback on them stay "
    "on this computer; acknowledging removes only the candidate's files."
)


def ask(parent: QWidget, submission_id: str) -> bool:
    answer = QMessageBox.question(
        parent,
        "Remove the withdrawn bundle?",
        f"Remove the files of {submission_id} from this computer?\n\n"
        "Your judgments and feedback on it are kept. The portal will not send the files again.",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Yes


def withdrawn(workspace: Workspace) -> list[Assignment]:
    """Revoked assignments the person has not acknowledged yet."""
    return [
        a
        for a in workspace.assignments()
        if a.state is AssignmentState.REVOKED and not a.revoke_acknowledged
    ]


class RevokedList(QFrame):
    """A banner listing withdrawn submissions; emits ``acknowledged(submission_id)``."""

    acknowledged = Signal(str)

    def __init__(
        self, workspace: Workspace, parent: QWidget | None = None, *, confirm: Confirm = ask
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.confirm = confirm
        self.buttons: dict[str, QPushButton] = {}
        self.setObjectName("revokedList")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName("Withdrawn submissions")
        self._layout = QVBoxLayout(self)
        self.refresh()

    def refresh(self) -> None:
        while (item := self._layout.takeAt(0)) is not None:
            if (widget := item.widget()) is not None:
                widget.deleteLater()
        self.buttons = {}
        rows = withdrawn(self.workspace)
        self.setVisible(bool(rows))
        if not rows:
            return
        intro = QLabel(f"<b>Withdrawn by the portal</b><br>{EXPLANATION}", self)
        intro.setWordWrap(True)
        self._layout.addWidget(intro)
        for a in rows:
            row = QWidget(self)
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            reason = f": {a.revoked_reason}" if a.revoked_reason else ""
            text = QLabel(f"{a.submission_id} · {a.credential_title}{reason}", row)
            text.setWordWrap(True)
            button = QPushButton("Acknowledge and remove the bundle", row)
            button.setAccessibleName(f"Acknowledge {a.submission_id} and remove its bundle")
            button.clicked.connect(lambda _=False, sid=a.submission_id: self._acknowledge(sid))
            line.addWidget(text, 1)
            line.addWidget(button)
            self.buttons[a.submission_id] = button
            self._layout.addWidget(row)
        self._note = QLabel("", self)
        self._note.setWordWrap(True)
        self._layout.addWidget(self._note)

    def _acknowledge(self, submission_id: str) -> None:
        if not self.confirm(self, submission_id):
            return
        try:
            self.workspace.acknowledge_revocation(submission_id)
        except (AssessorError, OSError) as exc:
            self._note.setText(f"{submission_id} was not removed: {exc}")
            return
        self.acknowledged.emit(submission_id)
        self.refresh()
