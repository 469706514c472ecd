"""The lead's list of targets: disagreements first, with A's, B's and the final level per row.

Two sections, "Disagreements" and "Agreed", each in rubric order; "Disagreements only" hides
the second. Up/Down (and J/K, bound by the panel) step through the rows as shown, so the lead
works through the disagreements one after the other. Selecting a row makes it the session's
current target, which every other pane follows.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon, QKeyEvent
from PySide6.QtWidgets import QHeaderView, QTreeWidgetItem, QWidget

from assessor_app.domain.model import Rubric
from assessor_app.ui.lead.reconciliation import SIDES, Reconciliation
from assessor_app.ui.scoring.target_info import locate, needs_feedback
from assessor_app.ui.scoring.target_tree import LABEL_COLUMN, TargetTree
from assessor_app.ui.scoring.tones import TargetStatus, status_icon

COL_LABEL = LABEL_COLUMN
COL_A, COL_B, COL_FINAL, COL_WARN = range(1, 5)


def level_status(rubric: Rubric, code: str | None) -> TargetStatus:
    level = rubric.level(code) if code else None
    if level is None:
        return TargetStatus.UNJUDGED
    return TargetStatus.PROFICIENT if level.proficient else TargetStatus.NOT_YET


def level_name(rubric: Rubric, code: str | None) -> str:
    level = rubric.level(code) if code else None
    return level.label if level is not None else (code or "not judged")


class ReconcileList(TargetTree):
    def __init__(self, reconciliation: Reconciliation, parent: QWidget | None = None) -> None:
        super().__init__(reconciliation.session, 5, parent)
        self._rec = reconciliation
        self._sections: list[QTreeWidgetItem] = []
        self._only_disagreements = False
        self.setHeaderLabels(["Detail or part", SIDES[0], SIDES[1], "Final", ""])
        self.setAccessibleName("Details to reconcile")
        self.setAccessibleDescription(
            "Disagreements first. Each row: the detail, assessor A's level, assessor B's level "
            "and your final level. Up and Down move between rows."
        )
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COL_LABEL, QHeaderView.ResizeMode.Stretch)
        for column in (COL_A, COL_B, COL_FINAL, COL_WARN):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
        self.restyle()
        self.rebuild()
        self.currentItemChanged.connect(self._on_current_item_changed)
        self._session.judgment_changed.connect(self.refresh_row)
        self._session.current_target_changed.connect(self.select_target)
        reconciliation.reloaded.connect(self.rebuild)

    # --- building -------------------------------------------------------------------------
    def set_disagreements_only(self, only: bool) -> None:
        if only == self._only_disagreements:
            return
        self._only_disagreements = only
        self.rebuild()
        shown = self.target_ids()
        if shown and self._session.current_target not in shown:
            self._session.set_current_target(shown[0])

    @property
    def disagreements_only(self) -> bool:
        return self._only_disagreements

    def rebuild(self) -> None:
        self._syncing = True
        try:
            self.clear()
            self._items = {}
            self._sections = []
            rec = self._rec
            order = rec.ordered_targets(disagreements_only=self._only_disagreements)
            if not rec.released:
                self._section("All details and parts", order)
            else:
                disagree = [t for t in order if rec.disagrees(t)]
                agree = [t for t in order if not rec.disagrees(t)]
                self._section(f"Disagreements ({len(disagree)})", disagree, empty="None")
                if not self._only_disagreements:
                    self._section(f"Agreed ({len(agree)})", agree)
            self.expandAll()
        finally:
            self._syncing = False
        for target_id in self._items:
            self.refresh_row(target_id)
        self.select_target(self._session.current_target)

    def _section(self, title: str, targets: list[str], *, empty: str = "") -> None:
        header = self._add_header([title])
        header.setFirstColumnSpanned(True)
        self._sections.append(header)
        for target_id in targets:
            item = self._add_row(header, [locate(self._session, target_id).row_text], target_id)
            for column in (COL_A, COL_B, COL_FINAL):
                item.setTextAlignment(column, Qt.AlignmentFlag.AlignCenter)
        if not targets and empty:
            none = QTreeWidgetItem(header, [empty])
            none.setFlags(Qt.ItemFlag.ItemIsEnabled)
            none.setForeground(COL_LABEL, self._tones.muted)

    def sizeHint(self) -> QSize:
        return self._rows_size_hint(min(len(self._items) + len(self._sections) + 1, 12), 6)

    # --- reading --------------------------------------------------------------------------
    def section_titles(self) -> list[str]:
        return [s.text(COL_LABEL) for s in self._sections]

    # --- rows -----------------------------------------------------------------------------
    def _size_columns(self) -> None:
        width = self.fontMetrics().averageCharWidth()
        for column in (COL_A, COL_B, COL_FINAL):
            self.header().resizeSection(column, width * 7 + self.fontMetrics().height())

    def refresh_row(self, target_id: str) -> None:
        item = self._items.get(target_id)
        if item is None:
            return
        rec, rubric = self._rec, self._session.rubric
        levels = [
            rec.blind_level(target_id, 0),
            rec.blind_level(target_id, 1),
            self._session.state(target_id).level,
        ]
        spoken = [locate(self._session, target_id).spoken]
        for column, code, who in zip(
            (COL_A, COL_B, COL_FINAL),
            levels,
            (rec.side_title(0), rec.side_title(1), "final"),
            strict=True,
        ):
            hidden = column != COL_FINAL and not rec.released
            status = level_status(rubric, code)
            item.setIcon(column, QIcon() if hidden else status_icon(self, status, self._tones))
            item.setText(column, "" if hidden else (code or "—"))
            name = "hidden until released" if hidden else level_name(rubric, code)
            item.setToolTip(column, f"{who}: {name}")
            spoken.append(f"{who}: {name}")
        warnings = []
        if rec.rationale_missing(target_id) and levels[2] is not None:
            warnings.append("rationale needed")
        if needs_feedback(self._session, target_id):
            warnings.append("feedback is missing")
        item.setIcon(COL_WARN, self._warn_icon if warnings else QIcon())
        item.setToolTip(COL_WARN, "\n".join(w.capitalize() for w in warnings))
        item.setToolTip(COL_LABEL, "\n".join(spoken + [w.capitalize() for w in warnings]))
        item.setData(COL_LABEL, Qt.ItemDataRole.AccessibleTextRole, ", ".join(spoken + warnings))

    # --- selection and keys ---------------------------------------------------------------
    def step(self, delta: int) -> bool:
        """Move to the next (1) or previous (-1) target as shown; False at either end."""
        shown = self.target_ids()
        if not shown:
            return False
        current = self._session.current_target
        if current not in shown:
            self._session.set_current_target(shown[0 if delta > 0 else -1])
            return True
        index = shown.index(current) + delta
        if not 0 <= index < len(shown):
            return False
        self._session.set_current_target(shown[index])
        return True

    def _on_current_item_changed(
        self, current: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None
    ) -> None:
        if self._syncing or current is None:
            return
        target_id = self._target_of(current)  # a section header: its first row
        if target_id:
            self._session.set_current_target(target_id)
        else:
            self.select_target(self._session.current_target)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        plain = not modifiers
        if modifiers == Qt.KeyboardModifier.ControlModifier and key in (
            Qt.Key.Key_Up,
            Qt.Key.Key_Down,
        ):
            event.ignore()  # the view's keys (list order), not the tree's
            return
        if plain and key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.step(-1 if key == Qt.Key.Key_Up else 1)
        elif plain and key in (Qt.Key.Key_Home, Qt.Key.Key_End):
            shown = self.target_ids()
            if shown:
                self._session.set_current_target(shown[0 if key == Qt.Key.Key_Home else -1])
        else:
            super().keyPressEvent(event)
            return
        event.accept()
