"""A submission the lead reconciles: narrative | artifact | reconcile panel, side by side.

The reading panes are the scoring view's (:class:`NarrativePane`, :class:`ArtifactPane`, over
the same :class:`ScoringSession`), so citations open and positions restore exactly as they do
for an assessor. The right side is the :class:`ReconcilePanel` instead of the rubric panel.

Like the scoring view it is a :class:`ThreePaneView` (``session``, ``splitter_state``,
``restore_splitters``, ``cycle_focus``, ``save_position``, ``close_session``) with a
``rubric`` that has the same slots, so it can stand in for one. It also binds the lead's keys:

======================  ==========================================================
A / B                   accept assessor A's / B's judgment of the current target
1 … 9                   decide the level yourself (rubric order)
J / K, ↓ / ↑ (in list)  next / previous target, in the list's order
Ctrl+J / Ctrl+K         the same from anywhere in the view (also Ctrl+↓ / Ctrl+↑)
D                       "Disagreements only" on / off
Ctrl+Enter              finalize
Esc (in an editor)      back to the list
======================  ==========================================================

Plain keys act when the focus is not in a text field (typing there types). The Ctrl keys are
claimed before window shortcuts (``ShortcutOverride``), so the main window's "next unjudged"
(Ctrl+Enter) and rubric-order navigation do not fire inside this view.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from assessor_app.ui.lead.reconcile_panel import ReconcilePanel
from assessor_app.ui.lead.reconciliation import Reconciliation
from assessor_app.ui.scoring.session import ScoringSession
from assessor_app.ui.scoring.submit_flow import Confirm, Inform
from assessor_app.ui.scoring.three_pane_view import ThreePaneView

_CTRL = Qt.KeyboardModifier.ControlModifier


class ReconcileView(ThreePaneView):
    # Reading 3 (narrative 1, artifact 2), the reconcile panel 2: it holds more than a rubric.
    DEFAULT_READING_SIZES = (330, 600)
    DEFAULT_OUTER_SIZES = (900, 600)

    def __init__(
        self,
        session: ScoringSession,
        parent: QWidget | None = None,
        *,
        confirm: Confirm | None = None,
        inform: Inform | None = None,
    ) -> None:
        super().__init__(session, parent)
        self.reconciliation = Reconciliation(session)
        self.setObjectName("reconcileView")
        self.setAccessibleName("Reconcile submission")
        self.rubric = ReconcilePanel(self.reconciliation, self, confirm=confirm, inform=inform)
        self.panel = self.rubric
        self._arrange(self.rubric, splitter_name="reconcileSplitter", panel_stretch=2)

        self._bind_keys()
        self.restore_position()
        self.artifacts.prefetch_cited_pages()

    # --- keys -----------------------------------------------------------------------------
    def _bind_keys(self) -> None:
        panel = self.rubric
        plain: list[tuple[str, Callable[[], object]]] = [
            ("A", lambda: panel.accept(0)),
            ("B", lambda: panel.accept(1)),
            ("J", lambda: panel.step(1)),
            ("K", lambda: panel.step(-1)),
            ("D", panel.toggle_disagreements_only),
        ]
        plain += [(str(i + 1), partial(panel.select_level, i)) for i in range(9)]
        self.shortcuts: list[QShortcut] = []
        for key, handler in plain:
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(handler)
            self.shortcuts.append(shortcut)

    def _claimed(self, event: QKeyEvent) -> Callable[[], object] | None:
        """The action of a Ctrl key this view takes before any window shortcut."""
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if modifiers != _CTRL:
            return None
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return self.rubric.submit
        if key in (Qt.Key.Key_J, Qt.Key.Key_Down):
            return lambda: self.rubric.step(1)
        if key in (Qt.Key.Key_K, Qt.Key.Key_Up):
            return lambda: self.rubric.step(-1)
        return None

    def event(self, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and self._claimed(event) is not None
        ):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        action = self._claimed(event)
        if action is not None:
            action()
            event.accept()
            return
        focused = self.focusWidget()
        if (
            event.key() == Qt.Key.Key_Escape
            and isinstance(focused, QPlainTextEdit)
            and self.rubric.isAncestorOf(focused)
        ):
            self.rubric.focus_list()
            event.accept()
            return
        super().keyPressEvent(event)

    # --- where the lead left off ----------------------------------------------------------
    def _restore_target(self, target: object) -> None:
        shown = self.rubric.target_list.target_ids()
        if isinstance(target, str) and target in shown:
            self.session.set_current_target(target)
        elif shown:  # a first visit: the first disagreement
            self.session.set_current_target(shown[0])

    def reload(self) -> None:
        """Read the blind scores again (after a sync brought a release or withdrew one)."""
        self.reconciliation.reload()
