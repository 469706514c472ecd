"""One assessor's released judgment of the current target, with "Accept A" / "Accept B".

The card shows the assessor's name as the portal gives it to the lead, the level (a coloured
tag, green for proficient levels and amber for the others) and the feedback they wrote. The
card whose level and feedback are the lead's current decision is outlined and says so.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from assessor_app.ui.lead.reconcile_list import level_name, level_status
from assessor_app.ui.lead.reconciliation import SIDES, Reconciliation, Source
from assessor_app.ui.scoring.tones import TargetStatus, Tones, css

_SELECTABLE = Qt.TextInteractionFlag.TextSelectableByMouse
_READABLE = _SELECTABLE | Qt.TextInteractionFlag.TextSelectableByKeyboard


class BlindSide(QFrame):
    accept_requested = Signal(int)  # the side

    def __init__(
        self, reconciliation: Reconciliation, side: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._rec = reconciliation
        self.side = side
        self._styling = False
        self.setObjectName(f"blindSide{SIDES[side]}")
        self.setFrameShape(QFrame.Shape.StyledPanel)

        self.title = QLabel()
        font = QFont(self.font())
        font.setBold(True)
        self.title.setFont(font)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.level = QLabel()
        self.level.setTextFormat(Qt.TextFormat.PlainText)
        self.level.setAccessibleDescription(f"Level given by assessor {SIDES[side]}")
        self.chosen = QLabel()
        self.chosen.setTextFormat(Qt.TextFormat.PlainText)
        self.chosen.setAccessibleDescription("Whether this is your decision")
        self.feedback = QLabel()
        self.feedback.setWordWrap(True)
        self.feedback.setTextFormat(Qt.TextFormat.PlainText)
        self.feedback.setTextInteractionFlags(_READABLE)
        self.feedback.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.feedback.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.feedback.setAccessibleDescription(f"Feedback written by assessor {SIDES[side]}")
        self.accept_button = QPushButton(f"Accept {SIDES[side]}")
        self.accept_button.setToolTip(
            f"Use {SIDES[side]}'s level and feedback as your decision (key {SIDES[side]})"
        )
        self.accept_button.setAccessibleName(f"Accept assessor {SIDES[side]}'s judgment")
        self.accept_button.clicked.connect(lambda: self.accept_requested.emit(self.side))

        top = QHBoxLayout()  # who, then what they gave
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.title, 1)
        top.addWidget(self.level)
        bottom = QHBoxLayout()  # the button, and whether this is the decision now
        bottom.setContentsMargins(0, 0, 0, 0)
        bottom.addWidget(self.accept_button)
        bottom.addStretch(1)
        bottom.addWidget(self.chosen)
        layout = QVBoxLayout(self)
        spacing = self.fontMetrics().height() // 3
        layout.setContentsMargins(spacing * 2, spacing * 2, spacing * 2, spacing * 2)
        layout.setSpacing(spacing)
        layout.addLayout(top)
        layout.addWidget(self.feedback, 1)
        layout.addLayout(bottom)

        session = reconciliation.session
        session.current_target_changed.connect(self.refresh)
        session.judgment_changed.connect(self._on_judgment_changed)
        session.locked_changed.connect(self.refresh)
        reconciliation.reloaded.connect(self.refresh)
        self.refresh()

    def _on_judgment_changed(self, target_id: str) -> None:
        if target_id == self._rec.session.current_target:
            self.refresh()

    def refresh(self, *_args: object) -> None:
        rec = self._rec
        target = rec.session.current_target
        tones = Tones.of(self.palette())
        letter = SIDES[self.side]
        self.title.setText(rec.side_title(self.side))
        if not rec.released:
            self.level.setText("Hidden")
            self._style_level(TargetStatus.UNJUDGED, tones)
            self.feedback.setText("Shown once both assessors have submitted.")
            self._set_chosen(False, tones)
            self.accept_button.setEnabled(False)
            self.setAccessibleName(f"Assessor {letter}: hidden until both have submitted")
            return
        judgment = rec.blind(target, self.side)
        code = judgment.level if judgment is not None else None
        rubric = rec.session.rubric
        self.level.setText(level_name(rubric, code))
        self._style_level(level_status(rubric, code), tones)
        comment = judgment.comment.strip() if judgment is not None else ""
        self.feedback.setText(comment or "No feedback written.")
        self.feedback.setEnabled(bool(comment))
        source = rec.source(target)
        chosen = source is Source.BOTH or source.value == letter.lower()
        self._set_chosen(chosen, tones)
        self.accept_button.setEnabled(rec.can_accept(target, self.side))
        self.setAccessibleName(
            f"Assessor {rec.side_title(self.side)}: {level_name(rubric, code)}"
            + (" — your decision" if chosen else "")
        )

    def _style_level(self, status: TargetStatus, tones: Tones) -> None:
        color = tones.for_status(status)
        pad = max(2, self.fontMetrics().height() // 6)
        if status is TargetStatus.UNJUDGED:
            self.level.setStyleSheet(
                f"color: {css(tones.muted)}; border: 1px solid palette(mid);"
                f" border-radius: 3px; padding: {pad}px {pad * 3}px;"
            )
        else:
            self.level.setStyleSheet(
                f"color: {css(tones.on_accent)}; background: {css(color)}; font-weight: bold;"
                f" border-radius: 3px; padding: {pad}px {pad * 3}px;"
            )

    def _set_chosen(self, chosen: bool, tones: Tones) -> None:
        self.chosen.setText("✓ Your decision" if chosen else "")
        self.chosen.setStyleSheet(f"color: {css(tones.proficient)}; font-weight: bold;")
        border = css(tones.proficient) if chosen else "palette(mid)"
        width = 2 if chosen else 1
        parent = self.parentWidget()
        outer = parent.palette() if parent is not None else self.palette()
        background = css(tones.tint(tones.proficient, outer, 0.08)) if chosen else "palette(base)"
        sheet = (
            f"QFrame#{self.objectName()} {{ border: {width}px solid {border};"
            f" border-radius: 6px; background: {background}; }}"
        )
        if sheet != self.styleSheet():
            self._styling = True  # a new sheet changes the palette: do not react to that
            try:
                self.setStyleSheet(sheet)
            finally:
                self._styling = False

    def is_chosen(self) -> bool:
        return bool(self.chosen.text())

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if (
            event.type() == QEvent.Type.PaletteChange
            and hasattr(self, "accept_button")
            and not self._styling
        ):
            self.refresh()
