"""One open submission: narrative | artifact | rubric, side by side in splitters.

The view wires the three panes to one :class:`ScoringSession`, restores where the assessor left
off (part, target, artifact, page, time) and saves that position as it changes.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, Qt, QTimer
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from assessor_app.ui.scoring.artifact_pane import ArtifactPane
from assessor_app.ui.scoring.narrative_pane import NarrativePane
from assessor_app.ui.scoring.rubric_panel import RubricPanel
from assessor_app.ui.scoring.session import ScoringSession

POSITION_SAVE_DELAY_MS = 800


class ScoringView(QWidget):
    def __init__(self, session: ScoringSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.narrative = NarrativePane(session, self)
        self.narrative.setAccessibleName("Narrative")
        self.artifacts = ArtifactPane(session, self)
        self.artifacts.setAccessibleName("Artifact viewer")
        self.rubric = RubricPanel(session, self)
        self.rubric.setAccessibleName("Rubric")

        self.reading = QSplitter(Qt.Orientation.Horizontal, self)
        self.reading.setObjectName("readingSplitter")
        self.reading.addWidget(self.narrative)
        self.reading.addWidget(self.artifacts)
        self.reading.setStretchFactor(0, 2)
        self.reading.setStretchFactor(1, 3)
        self.outer = QSplitter(Qt.Orientation.Horizontal, self)
        self.outer.setObjectName("scoringSplitter")
        self.outer.addWidget(self.reading)
        self.outer.addWidget(self.rubric)
        self.outer.setStretchFactor(0, 3)
        self.outer.setStretchFactor(1, 1)
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
        session.current_target_changed.connect(lambda _t: self._save_timer.start())

        self.restore_position()
        self.artifacts.prefetch_cited_pages()

    # --- where the assessor left off -----------------------------------------------------
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
        target = position.get("target")
        if isinstance(target, str):
            self.session.set_current_target(target)
        part = position.get("part")
        if isinstance(part, str):
            self.narrative.show_part(part)
        scroll = position.get("narrative_scroll")
        if isinstance(scroll, float):
            QTimer.singleShot(0, lambda: self.narrative.set_scroll_fraction(scroll))
        self.artifacts.restore(position)

    # --- splitter state, stored by the main window ---------------------------------------
    def splitter_state(self) -> tuple[QByteArray, QByteArray]:
        return self.reading.saveState(), self.outer.saveState()

    def restore_splitters(self, reading: QByteArray | None, outer: QByteArray | None) -> None:
        """The assessor's last layout, or the default: narrative 2, artifact 3, rubric 2."""
        if not (reading and self.reading.restoreState(reading)):
            self.reading.setSizes([400, 600])
        if not (outer and self.outer.restoreState(outer)):
            self.outer.setSizes([1000, 400])

    # --- focus cycling (F6) --------------------------------------------------------------
    def cycle_focus(self) -> None:
        panes: list[QWidget] = [self.narrative, self.artifacts, self.rubric]
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
