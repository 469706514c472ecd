"""Conflicts: judgments where the portal holds another value of the assessor's own work (made
on another device, or before the portal was restored). Both values are shown side by side,
level and feedback, and the person chooses per row: keep mine (sent again at the next sync,
on top of the portal's version) or keep the portal's (replaces mine here). Nothing is ever
chosen automatically, by clocks or otherwise."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from assessor_app.domain.model import Rubric
from assessor_app.errors import (
    AssessorError,
    BundleMissingError,
    NoConflictError,
    UnknownSubmissionError,
)
from assessor_app.storage.sync_store import Conflict
from assessor_app.workspace import Workspace

Keep = Literal["mine", "theirs"]

INTRO = (
    "Your judgment on this computer differs from the one the portal holds for you (made on "
    "another device, or before the portal was restored). Nothing was overwritten. Choose, row "
    "by row, which one to keep: <b>Keep mine</b> sends yours at the next sync; <b>Keep the "
    "portal's</b> replaces yours on this computer."
)


@dataclass(frozen=True)
class ConflictView:
    """One conflict in the words the person reads."""

    conflict: Conflict
    target: str  # "EO1 · detail 1.2", or the target id when the rubric is not here
    credential: str
    mine_level: str
    mine_feedback: str
    portal_level: str
    portal_feedback: str


def level_text(rubric: Rubric | None, code: str | None) -> str:
    if code is None:
        return "No judgment (cleared)"
    level = rubric.level(code) if rubric is not None else None
    return f"{level.label} ({code})" if level is not None else code


def describe(workspace: Workspace, conflicts: list[Conflict]) -> list[ConflictView]:
    """Labels from each submission's rubric when its bundle is on this computer."""
    rubrics: dict[str, tuple[Rubric | None, str]] = {}
    views = []
    for c in conflicts:
        if c.submission_id not in rubrics:
            try:
                manifest = workspace.submission(c.submission_id).manifest
                rubrics[c.submission_id] = (manifest.rubric, manifest.credential.title)
            except (BundleMissingError, UnknownSubmissionError):
                rubrics[c.submission_id] = (None, "")
        rubric, credential = rubrics[c.submission_id]
        views.append(
            ConflictView(
                conflict=c,
                target=rubric.target_label(c.target_id) if rubric is not None else c.target_id,
                credential=credential,
                mine_level=level_text(rubric, c.local_level),
                mine_feedback=c.local_comment,
                portal_level=level_text(rubric, c.server_level),
                portal_feedback=c.server_comment,
            )
        )
    return views


def _side(title: str, level: str, feedback: str, parent: QWidget) -> tuple[QGroupBox, QLabel]:
    box = QGroupBox(title, parent)
    level_label = QLabel(f"<b>{_escape(level)}</b>", box)
    level_label.setAccessibleName(f"{title}: level")
    text = QLabel(box)
    text.setWordWrap(True)
    text.setTextFormat(Qt.TextFormat.PlainText)
    text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    text.setAccessibleName(f"{title}: feedback")
    if feedback:
        text.setText(feedback)
    else:
        text.setText("No feedback")
        text.setEnabled(False)  # drawn muted
    layout = QVBoxLayout(box)
    layout.addWidget(level_label)
    layout.addWidget(text, 1)
    return box, text


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class ConflictCard(QFrame):
    """One conflict: both values side by side, and the two choices."""

    chosen = Signal(str, str, str)  # submission id, target id, "mine" | "theirs"

    def __init__(self, view: ConflictView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        c = view.conflict
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName("conflictCard")
        self.setAccessibleName(f"Conflict on {view.target} of {c.submission_id}")
        where = f" · {view.credential}" if view.credential else ""
        heading = QLabel(f"<b>{_escape(view.target)}</b> · {_escape(c.submission_id)}{where}", self)
        heading.setTextFormat(Qt.TextFormat.RichText)
        mine, self.mine_text = _side(
            "Yours, on this computer", view.mine_level, view.mine_feedback, self
        )
        portal, self.portal_text = _side(
            "On the portal", view.portal_level, view.portal_feedback, self
        )
        self.mine_box, self.portal_box = mine, portal
        self.keep_mine = QPushButton("Keep mine", mine)
        self.keep_mine.setAccessibleName(f"Keep mine for {view.target} of {c.submission_id}")
        self.keep_mine.clicked.connect(lambda: self._choose("mine"))
        self.keep_theirs = QPushButton("Keep the portal's", portal)
        self.keep_theirs.setAccessibleName(
            f"Keep the portal's for {view.target} of {c.submission_id}"
        )
        self.keep_theirs.clicked.connect(lambda: self._choose("theirs"))
        for box, button in ((mine, self.keep_mine), (portal, self.keep_theirs)):
            layout = box.layout()
            assert isinstance(layout, QVBoxLayout)
            layout.addWidget(button, alignment=Qt.AlignmentFlag.AlignLeft)
        sides = QHBoxLayout()
        sides.addWidget(mine, 1)
        sides.addWidget(portal, 1)
        self.outcome = QLabel(self)
        self.outcome.setWordWrap(True)
        self.outcome.setVisible(False)
        self.outcome.setAccessibleName("Choice made")
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(sides)
        layout.addWidget(self.outcome)

    def _choose(self, keep: Keep) -> None:
        c = self.view.conflict
        self.chosen.emit(c.submission_id, c.target_id, keep)

    def show_outcome(self, text: str, *, settled: bool) -> None:
        self.outcome.setText(text)
        self.outcome.setVisible(True)
        if settled:
            self.keep_mine.setEnabled(False)
            self.keep_theirs.setEnabled(False)


class ConflictsDialog(QDialog):
    """Every conflict (or those of one submission); emits ``resolved(submission_id)``."""

    resolved = Signal(str)

    def __init__(
        self,
        workspace: Workspace,
        parent: QWidget | None = None,
        *,
        submission_id: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.submission_id = submission_id
        self.cards: list[ConflictCard] = []
        self.setObjectName("conflictsDialog")
        self.setWindowTitle("Conflicts")
        self.setAccessibleName("Conflicts to resolve")
        intro = QLabel(INTRO, self)
        intro.setWordWrap(True)
        self.empty = QLabel("No conflicts: there is nothing to choose.", self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._list = QWidget()
        self._list_layout = QVBoxLayout(self._list)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self._list)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.empty)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)
        em = self.fontMetrics().horizontalAdvance("M")
        self.resize(em * 60, em * 40)
        self.refresh()

    def refresh(self) -> None:
        """Read the conflicts again (a sync may have added or settled some)."""
        while (item := self._list_layout.takeAt(0)) is not None:
            if (widget := item.widget()) is not None:
                widget.deleteLater()
        views = describe(self.workspace, self.workspace.conflicts(self.submission_id))
        self.cards = []
        for view in views:
            card = ConflictCard(view, self._list)
            card.chosen.connect(self.resolve)
            self._list_layout.addWidget(card)
            self.cards.append(card)
        self._list_layout.addStretch(1)
        self.empty.setVisible(not views)

    def card(self, submission_id: str, target_id: str) -> ConflictCard | None:
        for card in self.cards:
            c = card.view.conflict
            if (c.submission_id, c.target_id) == (submission_id, target_id):
                return card
        return None

    def resolve(self, submission_id: str, target_id: str, keep: str) -> None:
        card = self.card(submission_id, target_id)
        if keep not in ("mine", "theirs"):
            raise ValueError(f"keep must be 'mine' or 'theirs', not {keep!r}")
        choice: Keep = "mine" if keep == "mine" else "theirs"
        try:
            self.workspace.resolve_conflict(submission_id, target_id, choice)
        except NoConflictError:
            if card is not None:
                card.show_outcome("Already settled: nothing to choose any more.", settled=True)
            return
        except AssessorError as exc:
            if card is not None:
                card.show_outcome(str(exc), settled=False)
            return
        if card is not None:
            card.show_outcome(
                "Kept yours: it goes to the portal at the next sync."
                if choice == "mine"
                else "Kept the portal's: it replaced yours on this computer.",
                settled=True,
            )
        self.resolved.emit(submission_id)
