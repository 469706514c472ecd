"""The reconcile panel: where the lead turns two blind scores into the final result.

Top to bottom: the state banner, the "Disagreements only" filter, the list of targets
(disagreements first), the current target's evidence (citations open in the viewer, as in
scoring), the two assessors' judgments side by side with "Accept A" / "Accept B", the lead's
own level buttons ("Decide"), the final feedback, the rationale, and the footer with progress,
the final result and Finalize. Each piece subscribes to the :class:`ScoringSession` and the
:class:`Reconciliation`; this module lays them out, wires focus, and shows errors.

The panel offers the same slots as the scoring view's rubric panel (``select_level``,
``open_citation``, ``focus_feedback``, ``focus_list``, ``submit``), so the main window's keys
work unchanged; the lead's own keys are bound by :class:`ReconcileView`.
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from assessor_app.ui.lead.blind_side import BlindSide
from assessor_app.ui.lead.finalize_flow import FinalizeFooter
from assessor_app.ui.lead.rationale_editor import RationaleEditor
from assessor_app.ui.lead.reconcile_list import ReconcileList
from assessor_app.ui.lead.reconciliation import Reconciliation
from assessor_app.ui.scoring.detail_view import DetailView
from assessor_app.ui.scoring.feedback_editor import FeedbackEditor
from assessor_app.ui.scoring.judging_panel import (
    JudgingPanel,
    bold_label,
    scroll_area,
    separator,
)
from assessor_app.ui.scoring.level_buttons import LevelButtons
from assessor_app.ui.scoring.submit_flow import Confirm, Dialogs, Inform
from assessor_app.ui.scoring.target_info import needs_feedback


class ReconcilePanel(JudgingPanel):
    """Reconcile the targets of ``reconciliation``; ``confirm``/``inform`` replace message
    boxes (tests answer them)."""

    target_list: ReconcileList

    finalized = Signal()

    def __init__(
        self,
        reconciliation: Reconciliation,
        parent: QWidget | None = None,
        *,
        confirm: Confirm | None = None,
        inform: Inform | None = None,
    ) -> None:
        super().__init__(reconciliation.session, parent)
        self.reconciliation = reconciliation
        session = self.session
        self.setObjectName("reconcile_panel")
        self.setAccessibleName("Reconcile")
        self.setAccessibleDescription(
            "Compare both assessors' judgments, decide every detail, then finalize"
        )
        dialogs = Dialogs.over(self, confirm, inform)

        self.only_disagreements = QCheckBox("&Disagreements only")
        self.only_disagreements.setAccessibleName("Show disagreements only")
        self.only_disagreements.setToolTip("Hide the details both assessors agreed on (key D)")
        self.target_list = ReconcileList(reconciliation)
        self.detail_view = DetailView(session)
        self.sides = (BlindSide(reconciliation, 0), BlindSide(reconciliation, 1))
        self.levels = LevelButtons(session)
        self.levels.setAccessibleName("Decide the level yourself")
        self.feedback = FeedbackEditor(session)
        self.rationale = RationaleEditor(reconciliation)
        self.footer = FinalizeFooter(reconciliation, dialogs)

        self._build_layout()
        self._restyle_errors()
        self._update_tab_order()

        self.only_disagreements.toggled.connect(self.target_list.set_disagreements_only)
        for side in self.sides:
            side.accept_requested.connect(self.accept)
        self.detail_view.citations_changed.connect(self._update_tab_order)
        self.detail_view.citations_changed.connect(self._scroll_detail_to_top)
        self.levels.level_chosen.connect(self._after_decision)
        self.feedback.editor.textChanged.connect(self._refresh_current_row)
        self.rationale.editor.textChanged.connect(self._refresh_current_row)
        self.footer.finalized.connect(self.finalized)
        self._show_session_errors()
        session.locked_changed.connect(lambda _locked: self.update_read_only())
        reconciliation.reloaded.connect(self.update_read_only)
        self.update_read_only()

    def _build_layout(self) -> None:
        spacing = self.fontMetrics().height() // 2
        self.summary = QLabel()
        self.summary.setAccessibleName("Disagreements")
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.only_disagreements)
        top.addStretch(1)
        top.addWidget(self.summary)

        compare = QWidget()
        compare_layout = QHBoxLayout(compare)
        compare_layout.setContentsMargins(0, 0, 0, 0)
        compare_layout.setSpacing(spacing)
        for side in self.sides:
            compare_layout.addWidget(side, 1)

        decide_row = QHBoxLayout()
        decide_row.setContentsMargins(0, 0, 0, 0)
        decide_label = bold_label("Decide:", self)
        decide_label.setToolTip("Choose the level yourself (keys 1–9)")
        decide_row.addWidget(decide_label)
        decide_row.addWidget(self.levels, 1)

        decision = QWidget()
        decision_layout = QVBoxLayout(decision)
        decision_layout.setContentsMargins(0, spacing // 2, spacing // 2, 0)
        decision_layout.setSpacing(spacing)
        decision_layout.addWidget(bold_label("The assessors' judgments", self))
        decision_layout.addWidget(compare)
        decision_layout.addLayout(decide_row)
        decision_layout.addWidget(self.feedback, 3)
        decision_layout.addWidget(self.rationale, 2)
        decision_layout.addStretch(0)
        # Both boxes scroll inside: the pair fits beside the two judgments on one screen.
        lines = self.fontMetrics().lineSpacing()
        self.feedback.editor.setMinimumHeight(lines * 4)
        self.feedback.editor.setMaximumHeight(lines * 7)
        self.rationale.editor.setMaximumHeight(lines * 5)
        self._decision_scroll = scroll_area(decision, "Judgments and your decision")
        self._detail_scroll = scroll_area(self.detail_view, "Current detail and evidence")

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.target_list)
        self.splitter.addWidget(self._detail_scroll)
        self.splitter.addWidget(self._decision_scroll)
        for index, stretch in enumerate((2, 2, 5)):
            self.splitter.setStretchFactor(index, stretch)
        line = self.fontMetrics().height()
        self.target_list.setMinimumHeight(line * 5)
        self._detail_scroll.setMinimumHeight(line * 4)
        self._decision_scroll.setMinimumHeight(line * 8)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(spacing, spacing, spacing, spacing)
        layout.setSpacing(spacing)
        layout.addWidget(self.footer.banner)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(separator())
        layout.addWidget(self.footer)

    def _first_sizes(self, total: int) -> list[int]:
        """The list a quarter, the evidence a fifth, deciding the rest."""
        top = self._list_height(total, 0.25)
        middle = max(self._detail_scroll.minimumHeight(), int(total * 0.2))
        return [top, middle, max(1, total - top - middle)]

    # --- the lead's actions (bound to keys by the view) -----------------------------------
    @Slot(int, result=bool)
    def accept(self, side: int) -> bool:
        """Accept assessor A's (0) or B's (1) judgment of the current target."""
        target = self.session.current_target
        if not self.reconciliation.can_accept(target, side):
            return False
        done = self.reconciliation.accept(target, side)
        self.levels.refresh()
        if done:
            self._after_decision()
        return done

    @Slot(int, result=bool)
    def select_level(self, index: int) -> bool:
        """Decide the current target with the rubric's level ``index`` (0-based)."""
        if self.reconciliation.read_only:
            return False
        return self.levels.choose(index)

    @Slot(int, result=bool)
    def step(self, delta: int) -> bool:
        """Next (1) or previous (-1) target in the order the list shows."""
        return self.target_list.step(delta)

    @Slot()
    def toggle_disagreements_only(self) -> None:
        self.only_disagreements.toggle()

    @Slot(result=bool)
    def focus_rationale(self) -> bool:
        return self.rationale.focus()

    @Slot(result=bool)
    def submit(self) -> bool:
        """Finalize (the same flow as the Finalize button)."""
        return self.footer.finalize()

    def _after_decision(self, *_args: object) -> None:
        """Put the cursor where the work is: a missing rationale, then missing feedback."""
        target = self.session.current_target
        if self.reconciliation.rationale_missing(target):
            self.rationale.focus()
        elif needs_feedback(self.session, target):
            self.feedback.focus()
        self._refresh_current_row()

    # --- state ----------------------------------------------------------------------------
    @Slot()
    def update_read_only(self) -> None:
        rec = self.reconciliation
        read_only = rec.read_only
        self.levels.set_read_only(read_only)
        self.feedback.set_read_only(read_only)
        self.rationale.set_read_only(read_only)
        self.only_disagreements.setEnabled(rec.released)
        count = rec.disagreement_count()
        self.summary.setText(
            f"{count} of {len(self.session.rubric.target_ids())} disagree"
            if rec.released
            else "Scores not released yet"
        )
        self.footer.refresh()
        for side in self.sides:
            side.refresh()
        self._update_tab_order()

    def _refresh_current_row(self) -> None:
        self.target_list.refresh_row(self.session.current_target)

    def _update_tab_order(self) -> None:
        chain: list[QWidget] = [
            self.only_disagreements,
            self.target_list,
            *self.detail_view.focus_widgets(),
            self.sides[0].feedback,
            self.sides[0].accept_button,
            self.sides[1].feedback,
            self.sides[1].accept_button,
            *self.levels.focus_widgets(),
            self.feedback.editor,
            self.rationale.editor,
            self.footer.finalize_button,
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)
