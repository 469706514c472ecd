"""The lead's rationale for the current target: why this final level, for the record.

Marked required where the assessors disagreed or the lead's level differs from both of
theirs (:meth:`Reconciliation.rationale_required`); otherwise optional. Never shown to the
candidate. Typing hands the text to the session, which saves it with the judgment after a
short pause (and on navigation), as it does feedback. Disabled until a level is decided.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from assessor_app.domain.reconcile import has_rationale
from assessor_app.ui.lead.reconciliation import Reconciliation
from assessor_app.ui.scoring.target_text_editor import TargetTextEditor
from assessor_app.ui.scoring.tones import Tones, css

REQUIRED_DISAGREED = "Required: the assessors disagreed. Say why this level is right."
REQUIRED_OVERRIDE = "Required: your level differs from both assessors'. Say why."
OPTIONAL_NOTE = "Optional. For other assessors and auditors; the candidate never sees it."
DECIDE_FIRST = "Decide a level first"


class RationaleEditor(TargetTextEditor):
    CURSOR_TO_END_ON_LOAD = True

    def __init__(self, reconciliation: Reconciliation, parent: QWidget | None = None) -> None:
        super().__init__(
            reconciliation.session,
            parent,
            heading="&Rationale for the record",
            editor_name="Rationale for the record",
            minimum_lines=3,
        )
        self._rec = reconciliation
        self.setAccessibleName("Rationale")
        self.tag = QLabel("Required")
        self.tag.setAccessibleDescription("The rationale is required for this detail")
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

        self._connect()
        reconciliation.reloaded.connect(lambda: self.load(self._session.current_target))
        self.load(self._session.current_target)

    # --- public ---------------------------------------------------------------------------
    def required(self) -> bool:
        return self._rec.rationale_required(self._target)

    # --- the field and its hints ----------------------------------------------------------
    def _saved_text(self, target_id: str) -> str:
        return self._session.state(target_id).rationale

    def _store_text(self, target_id: str, text: str) -> None:
        self._session.set_rationale(target_id, text)

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
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "tag"):
            self._refresh_hints()
