"""The lead's rationale for the current target: why this final level, for the record.

Marked required where the assessors disagreed or the lead's level differs from both of
theirs (:meth:`Reconciliation.rationale_required`); otherwise optional. Never shown to the
candidate. Typing hands the text to the session, which saves it with the judgment after a
short pause (and on navigation), as it does feedback. Disabled until a level is decided.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFont, QTextCursor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPlainTextEdit, QSizePolicy, QVBoxLayout, QWidget

from assessor_app.domain.reconcile import has_rationale
from assessor_app.ui.lead.reconciliation import Reconciliation
from assessor_app.ui.scoring.tones import Tones, css

REQUIRED_DISAGREED = "Required: the assessors disagreed. Say why this level is right."
REQUIRED_OVERRIDE = "Required: your level differs from both assessors'. Say why."
OPTIONAL_NOTE = "Optional. For other assessors and auditors; the candidate never sees it."
DECIDE_FIRST = "Decide a level first"


class RationaleEditor(QWidget):
    def __init__(self, reconciliation: Reconciliation, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rec = reconciliation
        self._session = reconciliation.session
        self._target = self._session.current_target
        self._loading = False
        self._read_only = False
        self.setAccessibleName("Rationale")

        self.heading = QLabel("&Rationale for the record")
        font = QFont(self.font())
        font.setBold(True)
        self.heading.setFont(font)
        self.tag = QLabel("Required")
        self.tag.setAccessibleDescription("The rationale is required for this detail")
        self.editor = QPlainTextEdit()
        self.editor.setTabChangesFocus(True)
        self.editor.setAccessibleName("Rationale for the record")
        self.editor.setMinimumHeight(self.fontMetrics().lineSpacing() * 3)
        self.editor.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.heading.setBuddy(self.editor)
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setTextFormat(Qt.TextFormat.PlainText)
        self.notice.setAccessibleDescription("What the rationale is for")

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.heading)
        top.addWidget(self.tag)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(self.fontMetrics().height() // 4)
        layout.addLayout(top)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.notice)

        self.editor.textChanged.connect(self._on_text_changed)
        self._session.current_target_changed.connect(self.load)
        self._session.judgment_changed.connect(self._on_judgment_changed)
        reconciliation.reloaded.connect(lambda: self.load(self._session.current_target))
        self.load(self._session.current_target)

    # --- public ---------------------------------------------------------------------------
    @property
    def target(self) -> str:
        return self._target

    def text(self) -> str:
        return self.editor.toPlainText()

    def required(self) -> bool:
        return self._rec.rationale_required(self._target)

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self._refresh_state()

    def load(self, target_id: str) -> None:
        self._target = target_id
        self._set_text(self._session.state(target_id).rationale)
        self._refresh_state()

    def focus(self) -> bool:
        if not self.editor.isEnabled():
            return False
        self.editor.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.editor.moveCursor(QTextCursor.MoveOperation.End)
        return True

    # --- internals ------------------------------------------------------------------------
    def _set_text(self, text: str) -> None:
        if self.editor.toPlainText() == text:
            return
        self._loading = True
        try:
            self.editor.setPlainText(text)
            self.editor.moveCursor(QTextCursor.MoveOperation.End)
        finally:
            self._loading = False

    def _on_text_changed(self) -> None:
        self._refresh_hints()
        if self._loading or self._read_only:
            return
        self._session.set_rationale(self._target, self.editor.toPlainText())

    def _on_judgment_changed(self, target_id: str) -> None:
        if target_id != self._target:
            return
        self._set_text(self._session.state(target_id).rationale)
        self._refresh_state()

    def _refresh_state(self) -> None:
        decided = self._session.state(self._target).level is not None
        self.editor.setEnabled(decided)
        self.editor.setReadOnly(self._read_only)
        if self._read_only:
            self.editor.setPlaceholderText("No rationale was written.")
        else:
            self.editor.setPlaceholderText(
                "Why this level: what in the evidence decided it." if decided else DECIDE_FIRST
            )
        self._refresh_hints()

    def _refresh_hints(self) -> None:
        tones = Tones.of(self.palette())
        required = self.required()
        missing = required and not has_rationale(self.editor.toPlainText())
        pad = max(1, self.fontMetrics().height() // 8)
        self.tag.setVisible(required)
        color = tones.warning if missing else tones.proficient
        self.tag.setStyleSheet(
            f"color: {css(color)}; border: 1px solid {css(color)}; border-radius: 3px;"
            f" padding: 0 {pad * 3}px; font-weight: bold;"
        )
        if required:
            disagreed = self._rec.disagrees(self._target)
            text = REQUIRED_DISAGREED if disagreed else REQUIRED_OVERRIDE
            self.notice.setText(text)
            self.notice.setStyleSheet(f"color: {css(tones.warning if missing else tones.muted)};")
        else:
            self.notice.setText(OPTIONAL_NOTE)
            self.notice.setStyleSheet(f"color: {css(tones.muted)};")
        self.editor.setAccessibleDescription(
            ("Required. " if required else "Optional. ") + self.notice.text()
        )

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "notice"):
            self._refresh_hints()
