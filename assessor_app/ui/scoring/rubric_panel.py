"""The rubric panel: where the assessor judges every part and detail of one submission.

Top to bottom: the list of everything to judge, the current target with the candidate's
evidence, the level buttons, the feedback box, and the footer with progress, the overall result
and Submit. Each piece receives the :class:`ScoringSession` and subscribes to it; this module
only lays them out, wires focus and shortcuts, and shows the locked state; what it shares
with the lead's reconcile panel (errors, scrolling, first sizes, key slots) is
:class:`JudgingPanel`'s.
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from assessor_app.ui.scoring.detail_view import DetailView
from assessor_app.ui.scoring.feedback_editor import FeedbackEditor
from assessor_app.ui.scoring.judging_panel import JudgingPanel, scroll_area, separator
from assessor_app.ui.scoring.level_buttons import LevelButtons
from assessor_app.ui.scoring.session import ScoringSession
from assessor_app.ui.scoring.submit_flow import Confirm, Dialogs, Inform, SubmitFooter
from assessor_app.ui.scoring.target_info import needs_feedback
from assessor_app.ui.scoring.target_list import TargetList


class RubricPanel(JudgingPanel):
    """Judge the targets of ``session``; ``confirm``/``inform`` replace the message boxes."""

    target_list: TargetList

    def __init__(
        self,
        session: ScoringSession,
        parent: QWidget | None = None,
        *,
        confirm: Confirm | None = None,
        inform: Inform | None = None,
    ) -> None:
        super().__init__(session, parent)
        self.setObjectName("rubric_panel")
        self.setAccessibleName("Rubric")
        self.setAccessibleDescription("Judge every part and detail, then submit the scores")
        dialogs = Dialogs.over(self, confirm, inform)

        self.target_list = TargetList(session)
        self.detail_view = DetailView(session)
        self.levels = LevelButtons(session)
        self.feedback = FeedbackEditor(session)
        self.footer = SubmitFooter(session, dialogs)
        self._detail_scroll = scroll_area(self.detail_view, "Current detail and evidence")

        self._build_layout()
        self._restyle_errors()
        self._update_tab_order()

        self.detail_view.citations_changed.connect(self._update_tab_order)
        self.detail_view.citations_changed.connect(self._scroll_detail_to_top)
        self.levels.level_chosen.connect(self._after_level_chosen)
        self.feedback.editor.textChanged.connect(self._refresh_current_row)
        self._show_session_errors()
        session.locked_changed.connect(self.set_locked)
        self.set_locked(session.locked)

    def _build_layout(self) -> None:
        spacing = self.fontMetrics().height() // 2
        judge = QWidget()
        judge_layout = QVBoxLayout(judge)
        judge_layout.setContentsMargins(0, spacing // 2, 0, 0)
        judge_layout.setSpacing(spacing)
        judge_layout.addWidget(separator())
        judge_layout.addWidget(self.levels)
        judge_layout.addWidget(self.feedback, 1)

        # Three panes the assessor can resize: the list, the evidence, the judgment.
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.target_list)
        self.splitter.addWidget(self._detail_scroll)
        self.splitter.addWidget(judge)
        for index, stretch in enumerate((2, 4, 2)):
            self.splitter.setStretchFactor(index, stretch)
        self.target_list.setMinimumHeight(self.fontMetrics().height() * 5)
        self._detail_scroll.setMinimumHeight(self.fontMetrics().height() * 5)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(spacing, spacing, spacing, spacing)
        layout.setSpacing(spacing)
        layout.addWidget(self.footer.banner)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(separator())
        layout.addWidget(self.footer)

    def _first_sizes(self, total: int) -> list[int]:
        """The list up to 35 %, the judgment about 8 lines of feedback, the evidence between."""
        line = self.fontMetrics().lineSpacing()
        top = self._list_height(total, 0.35)
        bottom = self.levels.sizeHint().height() + line * 11
        middle = max(self._detail_scroll.minimumHeight(), total - top - bottom)
        return [top, middle, max(1, total - top - middle)]

    # --- keyboard slots (bound by the main window) ----------------------------------------
    @Slot(int, result=bool)
    def select_level(self, index: int) -> bool:
        """Judge the current target with the rubric's level ``index`` (0-based)."""
        return self.levels.choose(index)

    @Slot(result=bool)
    def submit(self) -> bool:
        """The Submit button's flow (blockers, confirmation, then the session submits)."""
        return self.footer.submit()

    # --- state ----------------------------------------------------------------------------
    @Slot(bool)
    def set_locked(self, locked: bool) -> None:
        self.levels.set_read_only(locked)
        self.feedback.set_read_only(locked)
        self.footer.set_locked(locked)
        self._update_tab_order()

    def _after_level_chosen(self, _code: str) -> None:
        """A not-yet level with blank feedback: put the cursor where the work is."""
        if needs_feedback(self.session, self.session.current_target):
            self.feedback.focus()

    def _refresh_current_row(self) -> None:
        self.target_list.refresh_row(self.feedback.target)

    def _update_tab_order(self) -> None:
        chain: list[QWidget] = [
            self.target_list,
            *self.detail_view.focus_widgets(),
            *self.levels.focus_widgets(),
            self.feedback.editor,
            self.footer.submit_button,
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)
