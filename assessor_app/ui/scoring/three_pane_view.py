"""The frame both the scoring view and the lead's reconcile view share: narrative | artifact |
a judging panel, side by side in splitters over one :class:`ScoringSession`.

It owns the two reading panes, the splitters (and their saved state), the saved position (part,
target, artifact, page, time: saved a moment after it changes and when the session closes),
focus cycling between the three panes (F6) and closing the session. A subclass makes its panel,
then calls :meth:`ThreePaneView._arrange` with it, and says how a saved target is restored.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, Qt, QTimer
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from assessor_app.ui.scoring.artifact_pane import ArtifactPane
from assessor_app.ui.scoring.narrative_pane import NarrativePane
from assessor_app.ui.scoring.session import ScoringSession

POSITION_SAVE_DELAY_MS = 800


class ThreePaneView(QWidget):
    # Default sizes when no saved splitter state applies: (narrative, artifact), (reading, panel).
    DEFAULT_READING_SIZES: tuple[int, int] = (400, 600)
    DEFAULT_OUTER_SIZES: tuple[int, int] = (1000, 400)

    def __init__(self, session: ScoringSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.narrative = NarrativePane(session, self)
        self.narrative.setAccessibleName("Narrative")
        self.artifacts = ArtifactPane(session, self)
        self.artifacts.setAccessibleName("Artifact viewer")

    def _arrange(self, panel: QWidget, *, splitter_name: str, panel_stretch: int) -> None:
        """Lay out the reading panes and ``panel``, and save the position as it changes."""
        self._panel = panel
        self.reading = QSplitter(Qt.Orientation.Horizontal, self)
        self.reading.setObjectName("readingSplitter")
        self.reading.addWidget(self.narrative)
        self.reading.addWidget(self.artifacts)
        self.reading.setStretchFactor(0, 2)
        self.reading.setStretchFactor(1, 3)
        self.outer = QSplitter(Qt.Orientation.Horizontal, self)
        self.outer.setObjectName(splitter_name)
        self.outer.addWidget(self.reading)
        self.outer.addWidget(panel)
        self.outer.setStretchFactor(0, 3)
        self.outer.setStretchFactor(1, panel_stretch)
        for splitter in (self.reading, self.outer):
            splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.outer)

        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(POSITION_SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.save_position)
        self.artifacts.position_changed.connect(self._save_timer.start)
        self.narrative.part_changed.connect(lambda _p: self._save_timer.start())
        self.session.current_target_changed.connect(lambda _t: self._save_timer.start())

    # --- where the reader left off --------------------------------------------------------
    def position(self) -> dict[str, object]:
        return {
            "target": self.session.current_target,
            "part": self.narrative.current_part_id(),
            "narrative_scroll": self.narrative.scroll_fraction(),
            **self.artifacts.position(),
        }

    def save_position(self) -> None:
        self._save_timer.stop()
        self.session.save_position(self.position())

    def restore_position(self) -> None:
        position = self.session.workspace.position(self.session.submission_id)
        self._restore_target(position.get("target"))
        part = position.get("part")
        if isinstance(part, str):
            self.narrative.show_part(part)
        scroll = position.get("narrative_scroll")
        if isinstance(scroll, float):
            QTimer.singleShot(0, lambda: self.narrative.set_scroll_fraction(scroll))
        self.artifacts.restore(position)

    def _restore_target(self, target: object) -> None:
        """Make the saved ``target`` (whatever was stored) current, when it is one."""
        if isinstance(target, str):
            self.session.set_current_target(target)

    # --- splitter state, stored by the main window ---------------------------------------
    def splitter_state(self) -> tuple[QByteArray, QByteArray]:
        return self.reading.saveState(), self.outer.saveState()

    def restore_splitters(self, reading: QByteArray | None, outer: QByteArray | None) -> None:
        """The last layout, or the default sizes of this kind of view."""
        if not (reading and self.reading.restoreState(reading)):
            self.reading.setSizes(list(self.DEFAULT_READING_SIZES))
        if not (outer and self.outer.restoreState(outer)):
            self.outer.setSizes(list(self.DEFAULT_OUTER_SIZES))

    # --- focus cycling (F6) --------------------------------------------------------------
    def cycle_focus(self) -> None:
        panes: list[QWidget] = [self.narrative, self.artifacts, self._panel]
        focused = self.focusWidget()
        index = next(
            (
                i
                for i, pane in enumerate(panes)
                if focused is not None and pane.isAncestorOf(focused)
            ),
            -1,
        )
        target = panes[(index + 1) % len(panes)]
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if not target.hasFocus():
            target.focusNextChild()

    def close_session(self) -> None:
        self.save_position()
        self.session.close()
        self.artifacts.close_viewers()
