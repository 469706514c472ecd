"""One open submission: narrative | artifact | rubric, side by side in splitters.

The view wires the three panes to one :class:`ScoringSession`, restores where the assessor left
off (part, target, artifact, page, time) and saves that position as it changes; the frame
(splitters, saved position, F6, closing) is :class:`ThreePaneView`'s.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from assessor_app.ui.scoring.rubric_panel import RubricPanel
from assessor_app.ui.scoring.session import ScoringSession
from assessor_app.ui.scoring.three_pane_view import POSITION_SAVE_DELAY_MS, ThreePaneView

__all__ = ["POSITION_SAVE_DELAY_MS", "ScoringView"]


class ScoringView(ThreePaneView):
    # Narrative 2, artifact 3; the rubric about a quarter of the width.
    DEFAULT_READING_SIZES = (400, 600)
    DEFAULT_OUTER_SIZES = (1000, 400)

    def __init__(self, session: ScoringSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.rubric = RubricPanel(session, self)
        self.rubric.setAccessibleName("Rubric")
        self._arrange(self.rubric, splitter_name="scoringSplitter", panel_stretch=1)
        self.restore_position()
        self.artifacts.prefetch_cited_pages()
