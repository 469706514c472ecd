"""The bar under the narrative: the part's count against its minimum, and the selection's count.

Met and short are told by words and an icon as well as by colour (green-ish / red-ish, from
:class:`~assessor_app.ui.scoring.tones.Tones`, so they read on dark themes too).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QWidget

from assessor_app.domain.wordcount import WordCountStatus
from assessor_app.ui.scoring.narrative_document import words
from assessor_app.ui.scoring.tones import (
    TargetStatus,
    Tones,
    icon_extent,
    status_icon,
    warning_icon,
)

_MET, _SHORT, _NEUTRAL = "met", "short", "neutral"


class WordCountBar(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Word counts")
        self.icon = QLabel(self)
        self.icon.setAccessibleName("Word minimum status")
        self.part = QLabel(self)
        self.part.setAccessibleName("Part word count")
        self.part.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.prompts = QLabel(self)
        self.prompts.setAccessibleName("Unanswered prompts")
        self.selection = QLabel(self)
        self.selection.setAccessibleName("Selection word count")
        self.selection.setToolTip(
            "The candidate's words in the selection (prompts and labels left out)"
        )
        self.selection.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        # The part's count must always show; the other two may be cut in a narrow pane.
        for label in (self.prompts, self.selection):
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 4, 10, 4)
        layout.setSpacing(6)
        layout.addWidget(self.icon)
        layout.addWidget(self.part)
        layout.addWidget(self.prompts)
        layout.addStretch(1)
        layout.addWidget(self.selection)
        self._tone = _NEUTRAL
        self._unanswered = 0
        self.show_selection(None)

    # --- public ---------------------------------------------------------------------------
    def show_status(self, status: WordCountStatus | None, unanswered: int = 0) -> None:
        """A part's count (None: no part shown, e.g. the overview)."""
        if status is None:
            self.part.clear()
            self._tone = _NEUTRAL
        else:
            self.part.setText(status.text)
            self._tone = _NEUTRAL if status.minimum is None else _MET if status.met else _SHORT
        self._unanswered = unanswered
        if unanswered:
            self.prompts.setText(
                f"·  {unanswered} prompt{'s' if unanswered != 1 else ''} without an answer"
            )
        else:
            self.prompts.clear()
        self.part.setAccessibleDescription(self.part.text())
        self._restyle()

    def show_summary(self, text: str, ok: bool) -> None:
        """A one-line summary for the overview tab."""
        self.part.setText(text)
        self._tone = _MET if ok else _SHORT
        self._unanswered = 0
        self.prompts.clear()
        self._restyle()

    def show_selection(self, count: int | None) -> None:
        if count is None:
            self.selection.setText("Select text to count its words")
            self.selection.setEnabled(False)
        else:
            self.selection.setText(f"Selection: {words(count)}")
            self.selection.setEnabled(True)
        self.selection.setAccessibleDescription(self.selection.text())

    def part_text(self) -> str:
        return self.part.text()

    def selection_text(self) -> str:
        return self.selection.text()

    # --- styling --------------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.StyleChange):
            self._restyle()

    def _set_color(self, label: QLabel, color: QColor | None) -> None:
        palette = label.palette()
        if color is None:
            palette = self.palette()
        else:
            palette.setColor(QPalette.ColorRole.WindowText, color)
        label.setPalette(palette)

    def _restyle(self) -> None:
        tones = Tones.of(self.palette())
        size = icon_extent(self)
        if self._tone == _MET:
            self._set_color(self.part, tones.proficient)
            icon = status_icon(self, TargetStatus.PROFICIENT, tones)
            self.icon.setPixmap(icon.pixmap(size, size))
            self.icon.show()
        elif self._tone == _SHORT:
            self._set_color(self.part, tones.error)
            self.icon.setPixmap(warning_icon(self, tones).pixmap(size, size))
            self.icon.show()
        else:
            self._set_color(self.part, None)
            self.icon.clear()
            self.icon.hide()
        self._set_color(self.prompts, tones.warning if self._unanswered else None)
        self.icon.setAccessibleDescription(
            {"met": "minimum met", "short": "below the minimum"}.get(self._tone, "")
        )
