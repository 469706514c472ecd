"""The footer of the rubric panel: progress, the overall result, and submitting.

Submitting asks two questions of the assessor at most: why it cannot be done yet (the blockers,
then nothing happens), or whether they are sure (it cannot be undone). Both go through a small
injectable :class:`Dialogs`, so tests answer them without a modal loop.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from assessor_app.domain.decision import Result, Status
from assessor_app.domain.model import Rubric
from assessor_app.ui.scoring.session import ScoringSession
from assessor_app.ui.scoring.tones import Tones, css

Confirm = Callable[[str, str], bool]  # (title, text) -> the assessor said yes
Inform = Callable[[str, str], None]  # (title, text)

MAX_BLOCKER_LINES = 12
SUBMITTED_BANNER = "Submitted — these scores are final and can no longer change."


def plural(n: int, one: str, many: str) -> str:
    """``n`` with the noun in the right number: "1 detail", "2 details"."""
    return f"{n} {one if n == 1 else many}"


def result_text(result: Result, rubric: Rubric) -> str:
    """One line stating the overall result under the program's rule."""
    if result.status == Status.EARNED:
        return "Earned — every detail proficient and every part met"
    if result.status == Status.NOT_YET:
        parts = {p.id for p in rubric.judged_parts()}
        n_parts = sum(1 for t in result.not_proficient if t in parts)
        n_details = len(result.not_proficient) - n_parts
        found = []
        if n_details:
            found.append(plural(n_details, "detail", "details"))
        if n_parts:
            found.append(plural(n_parts, "part", "parts"))
        if found:
            return f"Not yet — {' and '.join(found)} not yet proficient"
        short = plural(len(result.below_minimum), "part", "parts")
        return f"Not yet — {short} below the word minimum"
    text = f"Incomplete — {len(result.unjudged)} to judge"
    if result.missing_feedback:
        n = len(result.missing_feedback)
        text += f", {n} {'needs' if n == 1 else 'need'} feedback"
    return text


def blockers_text(blockers: Sequence[str], limit: int = MAX_BLOCKER_LINES) -> str:
    lines = [f"• {b}" for b in blockers[:limit]]
    if len(blockers) > limit:
        lines.append(f"and {len(blockers) - limit} more")
    return "\n".join(lines)


@dataclass(frozen=True)
class Dialogs:
    """How the panel asks and tells. The default shows message boxes over ``parent``."""

    confirm: Confirm
    inform: Inform

    @classmethod
    def message_boxes(cls, parent: QWidget) -> Dialogs:
        def confirm(title: str, text: str) -> bool:
            answer = QMessageBox.question(
                parent,
                title,
                text,
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            return answer == QMessageBox.StandardButton.Yes

        def inform(title: str, text: str) -> None:
            QMessageBox.information(parent, title, text)

        return cls(confirm, inform)

    @classmethod
    def over(
        cls, parent: QWidget, confirm: Confirm | None = None, inform: Inform | None = None
    ) -> Dialogs:
        """Message boxes over ``parent``, except where ``confirm``/``inform`` are given."""
        boxes = cls.message_boxes(parent)
        return cls(confirm or boxes.confirm, inform or boxes.inform)

    def clear_to_go(
        self, blockers: Sequence[str], *, not_ready: tuple[str, str], confirm: tuple[str, str]
    ) -> bool:
        """The two questions before a final step. With ``blockers``, tell them under the
        ``not_ready`` (title, first line) and say no; else ask the ``confirm`` (title, question)
        and return the answer."""
        if blockers:
            title, lead = not_ready
            self.inform(title, f"{lead}\n\n" + blockers_text(blockers))
            return False
        return self.confirm(*confirm)


class ProgressFooter(QWidget):
    """What the rubric and reconcile panels' footers share: a bold banner (the panel places
    it, above its own contents), a progress row with the overall result under it, and the
    final step's button beside both. Subclasses add the button and fill the labels."""

    def __init__(
        self,
        dialogs: Dialogs,
        parent: QWidget | None = None,
        *,
        progress_name: str,
        progress_description: str,
        result_description: str,
    ) -> None:
        super().__init__(parent)
        self.dialogs = dialogs
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        banner_font = QFont(self.font())
        banner_font.setBold(True)
        self.banner.setFont(banner_font)

        self.progress_label = QLabel()
        self.progress_label.setAccessibleDescription(progress_description)
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(self.fontMetrics().height())
        self.progress.setAccessibleName(progress_name)
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.result_label.setAccessibleDescription(result_description)
        self.result_label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

    def _lay_out(self, button: QPushButton) -> None:
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(self.fontMetrics().averageCharWidth() * 2)
        grid.addWidget(self.progress_label, 0, 0)
        grid.addWidget(self.progress, 0, 1)
        grid.addWidget(self.result_label, 1, 0, 1, 2)
        grid.addWidget(button, 0, 2, 2, 1, Qt.AlignmentFlag.AlignVCenter)
        grid.setColumnStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(grid)

    def _show_progress(self, done: int, total: int, text: str, spoken: str) -> None:
        self.progress_label.setText(text)
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)
        self.progress.setAccessibleDescription(spoken)

    def _show_result(self, result: Result, text: str) -> None:
        """``text`` in the tone of ``result``'s status (call :meth:`_style_banner` first)."""
        self.result_label.setText(text)
        tone = {
            Status.EARNED: self._tones.proficient,
            Status.NOT_YET: self._tones.not_yet,
        }.get(result.status, self._tones.muted)
        self.result_label.setStyleSheet(f"color: {css(tone)}; font-weight: bold;")

    def _style_banner(self, accent: QColor) -> None:
        """Take the palette's tones, and frame the banner in ``accent``."""
        self._tones = Tones.of(self.palette())
        pad = self.fontMetrics().height() // 3
        self.banner.setStyleSheet(
            f"background: {css(self._tones.tint(accent, self.palette(), 0.2))};"
            f" border: 1px solid {css(accent)}; border-radius: 4px; padding: {pad}px;"
        )


class SubmitFooter(ProgressFooter):
    submitted = Signal()

    def __init__(
        self, session: ScoringSession, dialogs: Dialogs, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            dialogs,
            parent,
            progress_name="Scoring progress",
            progress_description="Targets judged so far",
            result_description="Overall result under the program's rule",
        )
        self._session = session
        self.banner.setText(SUBMITTED_BANNER)
        self.banner.setAccessibleDescription("The scores were submitted")
        self.banner.setVisible(False)
        self.submit_button = QPushButton("&Submit scores…")
        self.submit_button.setAccessibleName("Submit scores")
        self.submit_button.setAccessibleDescription(
            "Sends the scores of this submission. They cannot be changed afterwards."
        )
        self.submit_button.setToolTip("Submit the scores of this submission (final)")
        self.submit_button.clicked.connect(self.submit)
        self._lay_out(self.submit_button)

        session.result_changed.connect(self.show_result)
        session.locked_changed.connect(self.set_locked)
        self._restyle()
        self.show_result(session.result())
        self.set_locked(session.locked)

    # --- public ---------------------------------------------------------------------------
    def show_result(self, result: Result) -> None:
        self._result = result
        judged = f"{result.judged} of {result.total} judged"
        self._show_progress(result.judged, result.total, judged, judged)
        self._show_result(result, result_text(result, self._session.rubric))

    def set_locked(self, locked: bool) -> None:
        self.banner.setVisible(locked)
        self.submit_button.setEnabled(not locked)
        self.submit_button.setVisible(not locked)

    def submit(self) -> bool:
        """Run the submit flow; True when the scores were submitted."""
        session = self._session
        if session.locked:
            return False
        session.flush_feedback()
        question = f"Submit scores for {session.submission_id}? You cannot change them afterwards."
        if not self.dialogs.clear_to_go(
            session.submit_blockers(),
            not_ready=(
                "Not ready to submit",
                "These must be done before the scores can be submitted:",
            ),
            confirm=("Submit scores", question),
        ):
            return False
        if not session.submit():
            return False  # the session reported why on its error signal
        self.submitted.emit()
        return True

    # --- style ----------------------------------------------------------------------------
    def _restyle(self) -> None:
        self._style_banner(Tones.of(self.palette()).proficient)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "_result"):
            self._restyle()
            self.show_result(self._result)
