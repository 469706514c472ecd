"""One checkable button per rubric level, plus a small Clear button.

The levels come from the rubric, never from code. Proficient levels are green, the others
amber; both tones follow the palette so they read on light and dark themes. Clicking the
checked level again changes nothing; Clear is the only way back to unjudged.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QPushButton, QSizePolicy, QWidget

from assessor_app.domain.model import Level
from assessor_app.ui.scoring.session import ScoringSession
from assessor_app.ui.scoring.tones import Tones, css


class LevelButtons(QWidget):
    level_chosen = Signal(str)  # level code, after the session was asked to set it

    def __init__(self, session: ScoringSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._read_only = False
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        self._buttons: list[QPushButton] = []
        self.setAccessibleName("Proficiency level")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for index, level in enumerate(session.rubric.levels):
            button = QPushButton(level.label)
            button.setCheckable(True)
            button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
            tip = level.description or level.label
            button.setToolTip(tip)
            button.setAccessibleName(f"Judge as {level.label}")
            button.setAccessibleDescription(tip)
            button.setProperty("level_code", level.code)
            self._group.addButton(button, index)
            self._buttons.append(button)
            layout.addWidget(button, 1)
        self._clear = QPushButton("Clear")
        self._clear.setToolTip("Remove the judgment of this detail (it becomes unjudged)")
        self._clear.setAccessibleName("Clear judgment")
        self._clear.setAccessibleDescription("Removes the level chosen for this detail")
        self._clear.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        layout.addSpacing(self.fontMetrics().averageCharWidth() * 2)
        layout.addWidget(self._clear)
        self._group.idClicked.connect(self.choose)
        self._clear.clicked.connect(self.clear)
        session.current_target_changed.connect(self.refresh)
        session.judgment_changed.connect(self._on_judgment_changed)
        self.restyle()
        self.refresh()

    # --- public ---------------------------------------------------------------------------
    def buttons(self) -> list[QPushButton]:
        return list(self._buttons)

    def clear_button(self) -> QPushButton:
        return self._clear

    def focus_widgets(self) -> list[QWidget]:
        return [*self._buttons, self._clear]

    def levels(self) -> tuple[Level, ...]:
        return self._session.rubric.levels

    def choose(self, index: int) -> bool:
        """Set the current target to level ``index`` (0-based). False when not possible."""
        levels = self.levels()
        if self._read_only or not 0 <= index < len(levels):
            self.refresh()
            return False
        code = levels[index].code
        target = self._session.current_target
        if self._session.state(target).level != code:
            self._session.set_level(target, code)
        self.refresh()  # shows what the session holds, also when saving failed
        self.level_chosen.emit(code)
        return True

    def clear(self) -> None:
        if not self._read_only:
            self._session.clear_level(self._session.current_target)
        self.refresh()

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self.refresh()

    def refresh(self, *_args: object) -> None:
        level = self._session.state(self._session.current_target).level
        codes = [lv.code for lv in self.levels()]
        checked = codes.index(level) if level in codes else -1
        self._group.setExclusive(False)
        for index, button in enumerate(self._buttons):
            button.setChecked(index == checked)
            button.setEnabled(not self._read_only)
        self._group.setExclusive(True)
        self._clear.setEnabled(not self._read_only and checked >= 0)

    # --- internals ------------------------------------------------------------------------
    def _on_judgment_changed(self, target_id: str) -> None:
        if target_id == self._session.current_target:
            self.refresh()

    def restyle(self) -> None:
        tones = Tones.of(self.palette())
        pad_v = max(2, self.fontMetrics().height() // 4)
        pad_h = self.fontMetrics().averageCharWidth()
        palette = self.palette()
        for level, button in zip(self.levels(), self._buttons, strict=True):
            accent = tones.proficient if level.proficient else tones.not_yet
            soft = tones.tint(accent, palette, 0.12)
            hover = tones.tint(accent, palette, 0.25)
            faded = tones.tint(accent, palette, 0.5)
            button.setStyleSheet(
                f"QPushButton {{ border: 1px solid {css(accent)}; border-radius: 4px;"
                f" padding: {pad_v}px {pad_h}px; background: {css(soft)};"
                f" color: palette(button-text); }}"
                f"QPushButton:hover {{ background: {css(hover)}; }}"
                f"QPushButton:focus {{ border-width: 2px; padding: {pad_v - 1}px {pad_h - 1}px; }}"
                f"QPushButton:checked {{ background: {css(accent)}; color: {css(tones.on_accent)};"
                f" font-weight: bold; }}"
                f"QPushButton:disabled {{ color: {css(tones.muted)};"
                f" border-color: palette(mid); background: palette(window); }}"
                f"QPushButton:checked:disabled {{ background: {css(faded)};"
                f" color: {css(tones.on_accent)}; }}"
            )

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "_clear"):
            self.restyle()
