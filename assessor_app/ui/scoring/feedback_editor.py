"""The feedback box of the current target, with a live word count and what is still required.

Typing hands the text to the session (which saves after a short pause and on navigation).
Loading another target's feedback never counts as typing. The box is disabled until a level is
chosen, and a not-yet level with blank feedback shows an inline notice.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from assessor_app.domain.decision import has_feedback
from assessor_app.domain.wordcount import count_words
from assessor_app.ui.scoring.session import ScoringSession
from assessor_app.ui.scoring.target_info import status_of
from assessor_app.ui.scoring.target_text_editor import TargetTextEditor
from assessor_app.ui.scoring.tones import TargetStatus, Tones, css

REQUIRED_NOTICE = "Feedback the candidate can act on is required for 'Not yet proficient'"
CHOOSE_LEVEL_FIRST = "Choose a level first"
_PLACEHOLDER = {
    TargetStatus.UNJUDGED: CHOOSE_LEVEL_FIRST,
    TargetStatus.PROFICIENT: "Optional: what the candidate showed well.",
    TargetStatus.NOT_YET: "What is missing, and what evidence would show it?",
}


def words_text(count: int) -> str:
    return f"{count:,} word{'' if count == 1 else 's'}"


class FeedbackEditor(TargetTextEditor):
    def __init__(self, session: ScoringSession, parent: QWidget | None = None) -> None:
        super().__init__(
            session,
            parent,
            heading="&Feedback for the candidate",
            editor_name="Feedback for the candidate",
            minimum_lines=5,
        )
        self.setAccessibleName("Feedback")
        self.notice.setAccessibleDescription("What the feedback still needs")
        self.notice.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.word_count = QLabel()
        self.word_count.setAccessibleDescription("Words in the feedback")
        self.word_count.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)

        under = QHBoxLayout()
        under.setContentsMargins(0, 0, 0, 0)
        under.addWidget(self.notice, 1)
        under.addWidget(self.word_count, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(self.fontMetrics().height() // 4)
        layout.addWidget(self.heading)
        layout.addWidget(self.editor, 1)
        layout.addLayout(under)

        self._connect()
        self._restyle()
        self.load(session.current_target)

    # --- the field and its hints ----------------------------------------------------------
    def _saved_text(self, target_id: str) -> str:
        return self._session.state(target_id).comment

    def _store_text(self, target_id: str, text: str) -> None:
        self._session.set_feedback(target_id, text)

    def _refresh_state(self) -> None:
        status = status_of(self._session, self._target)
        judged = status is not TargetStatus.UNJUDGED
        self.editor.setEnabled(judged)
        self.editor.setReadOnly(self._read_only)
        placeholder = _PLACEHOLDER[status] if not self._read_only else "No feedback was written."
        self.editor.setPlaceholderText(placeholder)
        self._refresh_hints()

    def _refresh_hints(self) -> None:
        text = self.editor.toPlainText()
        self.word_count.setText(words_text(count_words(text)))
        status = status_of(self._session, self._target)
        if status is TargetStatus.NOT_YET and not has_feedback(text):
            self._show_notice(REQUIRED_NOTICE, self._tones.warning)
            self.editor.setAccessibleDescription(REQUIRED_NOTICE)
        else:
            self._show_notice("", self._tones.muted)
            self.editor.setAccessibleDescription(
                CHOOSE_LEVEL_FIRST
                if status is TargetStatus.UNJUDGED
                else "Saved automatically as you type."
            )

    def _show_notice(self, text: str, color: QColor) -> None:
        self.notice.setText(text)
        self.notice.setStyleSheet(f"color: {css(color)};" if text else "")
        self.notice.setVisible(bool(text))

    def _restyle(self) -> None:
        self._tones = Tones.of(self.palette())
        self.word_count.setStyleSheet(f"color: {css(self._tones.muted)};")

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "word_count"):
            self._restyle()
            self._refresh_hints()
