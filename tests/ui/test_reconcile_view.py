"""The lead's reconcile view over a real workspace (real SQLite file, real bundle, the lead's
feed applied through the real parser and store), with real widgets and keys.

The sample's two assessors (``support.lead_data``) agree on part1 and eo1.2 and disagree on
part3, eo1.1 and eo2.1. Dialogs are answered by :class:`Answers`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QMainWindow,
    QPlainTextEdit,
    QProgressBar,
    QTreeView,
)
from pytestqt.qtbot import QtBot
from support.lead_data import DISAGREED, SCORES_A, SCORES_B
from support.lead_workspace import LeadDevice, Released

from assessor_app.domain.model import Citation
from assessor_app.ui.lead.finalize_flow import FINALIZED_BANNER, WAITING_BANNER
from assessor_app.ui.lead.rationale_editor import REQUIRED_DISAGREED, REQUIRED_OVERRIDE
from assessor_app.ui.lead.reconcile_view import ReconcileView
from assessor_app.ui.scoring.session import ScoringSession
from assessor_app.workspace import OutboxKind, Workspace

SID = "SUB-TEST-0001"
AGREED = ("part1", "eo1.2")
WAIT_MS = 5000

pytestmark = pytest.mark.gui


class Answers:
    """Stands in for the lead at the dialogs: records what was asked, answers ``yes``."""

    def __init__(self, yes: bool = True) -> None:
        self.yes = yes
        self.confirmed: list[str] = []
        self.informed: list[str] = []

    def confirm(self, _title: str, text: str) -> bool:
        self.confirmed.append(text)
        return self.yes

    def inform(self, _title: str, text: str) -> None:
        self.informed.append(text)


@pytest.fixture
def device(tmp_path: Path, data_dir: Path) -> Iterator[LeadDevice]:
    with Workspace.open(data_dir) as ws:
        yield LeadDevice(ws, tmp_path / "bundles", [SID])


@pytest.fixture
def answers() -> Answers:
    return Answers()


def open_view(qtbot: QtBot, ws: Workspace, answers: Answers) -> ReconcileView:
    """The view in a window of its own, shown and active (keys need an active window)."""
    session = ScoringSession(ws, SID)
    window = QMainWindow()
    view = ReconcileView(session, window, confirm=answers.confirm, inform=answers.inform)
    session.setParent(view)
    window.setCentralWidget(view)
    qtbot.addWidget(window)  # pytest-qt keeps a weak reference only
    view.host_window = window  # type: ignore[attr-defined]
    window.resize(1500, 950)
    view.restore_splitters(None, None)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT_MS)
    return view


@pytest.fixture
def view(device: LeadDevice, answers: Answers, qtbot: QtBot) -> Iterator[ReconcileView]:
    device.add([Released(SID)])
    v = open_view(qtbot, device.workspace, answers)
    yield v
    v.close_session()


def saved(ws: Workspace) -> dict[str, tuple[str, str, str]]:
    return {t: (j.level, j.comment, j.rationale) for t, j in ws.judgments(SID).items()}


def click(qtbot: QtBot, widget: object) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)  # type: ignore[arg-type]


def key(
    qtbot: QtBot,
    view: ReconcileView,
    k: Qt.Key,
    mod: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
) -> None:
    """A key pressed where the focus is (the list unless a test moved it)."""
    target = QApplication.focusWidget() or view.rubric.target_list
    qtbot.keyClick(target, k, mod)


def focus_list(qtbot: QtBot, view: ReconcileView) -> None:
    view.rubric.focus_list()
    qtbot.waitUntil(view.rubric.target_list.hasFocus, timeout=WAIT_MS)


# --- before the release ------------------------------------------------------------------------
def test_before_release_the_view_says_so_and_only_reads(
    device: LeadDevice, answers: Answers, qtbot: QtBot
) -> None:
    device.add([Released(SID, released=False)])
    view = open_view(qtbot, device.workspace, answers)
    panel = view.rubric
    assert panel.footer.banner.isVisible()
    assert panel.footer.banner.text() == WAITING_BANNER
    assert WAITING_BANNER.startswith("Waiting for both assessors to submit")
    assert panel.target_list.section_titles() == ["All details and parts"]
    assert panel.target_list.target_ids() == list(view.session.rubric.target_ids())
    for side in panel.sides:
        assert side.level.text() == "Hidden"
        assert not side.accept_button.isEnabled()
    assert all(not b.isEnabled() for b in panel.levels.buttons())
    assert not panel.footer.finalize_button.isEnabled()
    assert not panel.only_disagreements.isEnabled()
    focus_list(qtbot, view)
    key(qtbot, view, Qt.Key.Key_A)
    key(qtbot, view, Qt.Key.Key_1)
    assert not panel.select_level(0)
    assert device.workspace.judgments(SID) == {}
    # The evidence can be read meanwhile.
    view.session.set_current_target("eo1.2")
    (citation,) = panel.detail_view.citation_buttons()
    with qtbot.waitSignal(view.session.citation_requested, timeout=WAIT_MS) as blocker:
        click(qtbot, citation)
    assert blocker.args == [Citation("a1", page=3, page_end=4)]

    device.add([Released(SID)])  # the next sync brings the release
    view.reload()
    assert not panel.footer.banner.isVisible()
    assert panel.target_list.section_titles() == ["Disagreements (3)", "Agreed (2)"]
    assert panel.sides[0].accept_button.isEnabled()
    view.close_session()


# --- the list ----------------------------------------------------------------------------------
def test_disagreements_come_first_with_both_levels(view: ReconcileView) -> None:
    tree = view.rubric.target_list
    assert tree.target_ids() == [*DISAGREED, *AGREED]
    assert tree.section_titles() == ["Disagreements (3)", "Agreed (2)"]
    assert view.session.current_target == "part3"  # a first visit starts at a disagreement
    row = tree.item_for("eo1.1")
    assert (row.text(1), row.text(2), row.text(3)) == ("P", "N", "—")
    assert "A · assessor1: Proficient" in row.toolTip(0)
    assert "B · assessor2: Not yet proficient" in row.toolTip(0)
    assert view.rubric.summary.text() == "3 of 5 disagree"


def test_disagreements_only_by_checkbox_and_key(view: ReconcileView, qtbot: QtBot) -> None:
    panel = view.rubric
    view.session.set_current_target("eo1.2")
    click(qtbot, panel.only_disagreements)
    assert panel.target_list.target_ids() == list(DISAGREED)
    assert panel.target_list.section_titles() == ["Disagreements (3)"]
    assert view.session.current_target == "part3"  # the hidden row is left
    focus_list(qtbot, view)
    key(qtbot, view, Qt.Key.Key_D)
    assert not panel.only_disagreements.isChecked()
    assert panel.target_list.target_ids() == [*DISAGREED, *AGREED]


def test_j_k_and_arrows_follow_the_list_order(view: ReconcileView, qtbot: QtBot) -> None:
    focus_list(qtbot, view)
    seen = [view.session.current_target]
    for k in (Qt.Key.Key_J, Qt.Key.Key_Down, Qt.Key.Key_J):
        key(qtbot, view, k)
        seen.append(view.session.current_target)
    assert seen == ["part3", "eo1.1", "eo2.1", "part1"]  # rubric order would be part1, part3…
    key(qtbot, view, Qt.Key.Key_K)
    assert view.session.current_target == "eo2.1"
    key(qtbot, view, Qt.Key.Key_Up)
    assert view.session.current_target == "eo1.1"


# --- deciding ----------------------------------------------------------------------------------
def test_accept_a_copies_level_and_feedback_and_asks_for_the_rationale(
    view: ReconcileView, qtbot: QtBot, device: LeadDevice
) -> None:
    panel = view.rubric
    view.session.set_current_target("eo1.1")
    side_a, side_b = panel.sides
    assert side_a.title.text() == "A · assessor1"
    assert side_b.title.text() == "B · assessor2"
    assert side_b.feedback.text() == SCORES_B["eo1.1"][1]
    click(qtbot, side_a.accept_button)
    level, feedback = SCORES_A["eo1.1"]
    assert saved(device.workspace)["eo1.1"] == (level, feedback, "")
    assert panel.feedback.text() == feedback  # prefilled, editable
    assert not panel.feedback.editor.isReadOnly()
    assert side_a.is_chosen() and not side_b.is_chosen()
    assert panel.levels.buttons()[0].isChecked()
    assert panel.rationale.tag.isVisible()
    assert panel.rationale.notice.text() == REQUIRED_DISAGREED
    qtbot.waitUntil(panel.rationale.editor.hasFocus, timeout=WAIT_MS)
    assert not panel.target_list.item_for("eo1.1").icon(4).isNull()  # rationale needed

    reason = "The agenda on p. 2 names the staff who drafted the norms."
    qtbot.keyClicks(panel.rationale.editor, reason)
    qtbot.waitUntil(lambda: saved(device.workspace)["eo1.1"][2] == reason, timeout=WAIT_MS)
    assert saved(device.workspace)["eo1.1"] == (level, feedback, reason)
    assert panel.target_list.item_for("eo1.1").icon(4).isNull()


def test_accept_b_by_key_and_edit_the_feedback(
    view: ReconcileView, qtbot: QtBot, device: LeadDevice
) -> None:
    panel = view.rubric
    view.session.set_current_target("eo2.1")
    focus_list(qtbot, view)
    key(qtbot, view, Qt.Key.Key_B)
    assert saved(device.workspace)["eo2.1"] == (*SCORES_B["eo2.1"], "")
    assert panel.sides[1].is_chosen()
    assert panel.focus_feedback()  # the cursor goes to the end of the prefilled text
    qtbot.keyClicks(panel.feedback.editor, " Well done.")
    edited = SCORES_B["eo2.1"][1] + " Well done."
    qtbot.waitUntil(lambda: saved(device.workspace)["eo2.1"][1] == edited, timeout=WAIT_MS)
    assert not panel.sides[1].is_chosen()  # the decision is the lead's own wording now


def test_deciding_against_both_requires_a_rationale(
    view: ReconcileView, qtbot: QtBot, device: LeadDevice
) -> None:
    panel = view.rubric
    view.session.set_current_target("eo1.2")  # both said P
    assert not panel.rationale.required()
    focus_list(qtbot, view)
    key(qtbot, view, Qt.Key.Key_1)
    assert saved(device.workspace)["eo1.2"][0] == "P"
    assert not panel.rationale.required()
    assert panel.sides[0].is_chosen() and panel.sides[1].is_chosen()
    focus_list(qtbot, view)
    key(qtbot, view, Qt.Key.Key_2)  # Not yet: differs from both
    assert saved(device.workspace)["eo1.2"][0] == "N"
    assert panel.rationale.required()
    assert panel.rationale.notice.text() == REQUIRED_OVERRIDE
    assert view.reconciliation.rationale_missing("eo1.2")


def test_finalize_is_refused_until_every_rationale_is_written(
    view: ReconcileView, qtbot: QtBot, answers: Answers, device: LeadDevice
) -> None:
    panel = view.rubric
    for target in (*DISAGREED, *AGREED):
        view.session.set_current_target(target)
        assert panel.accept(0)
    focus_list(qtbot, view)
    key(qtbot, view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert answers.confirmed == []
    (text,) = answers.informed
    for target in DISAGREED:
        label = view.session.rubric.target_label(target)
        assert f"rationale needed: {label}" in text
    assert "no final level" not in text
    assert not view.session.locked
    assert not device.workspace.submission(SID).locked


def test_finalize_succeeds_and_locks(
    view: ReconcileView, qtbot: QtBot, answers: Answers, device: LeadDevice
) -> None:
    panel, session = view.rubric, view.session
    for target in (*DISAGREED, *AGREED):
        session.set_current_target(target)
        assert panel.accept(1 if target == "eo2.1" else 0)
    for target in DISAGREED:
        session.set_rationale(target, f"Decided on the cited evidence for {target}.")
    session.flush_feedback()
    assert panel.footer.result_label.text() == "Final result: Not yet — 1 part not yet proficient"
    assert panel.footer.progress_label.text() == "5 of 5 decided · 3 disagreements"

    assert panel.submit()
    assert answers.informed == []
    (question,) = answers.confirmed
    assert question.startswith(f"Finalize {SID}? The final result is “Not yet")
    assert session.locked and device.workspace.submission(SID).locked
    assert panel.footer.banner.isVisible()
    assert panel.footer.banner.text() == FINALIZED_BANNER
    assert not panel.footer.finalize_button.isVisible()
    assert all(not b.isEnabled() for b in panel.levels.buttons())
    assert all(not s.accept_button.isEnabled() for s in panel.sides)
    assert panel.rationale.editor.isReadOnly() and panel.feedback.editor.isReadOnly()
    submit = [e for e in device.workspace.outbox() if e.kind is OutboxKind.SUBMIT]
    (entry,) = submit
    judgments = entry.payload["judgments"]
    assert judgments["eo2.1"]["level"] == "P"
    assert judgments["eo1.1"]["rationale"] == "Decided on the cited evidence for eo1.1."


def test_declining_the_confirmation_finalizes_nothing(
    view: ReconcileView, answers: Answers
) -> None:
    answers.yes = False
    session = view.session
    for target in (*DISAGREED, *AGREED):
        session.set_current_target(target)
        view.rubric.accept(0)
        session.set_rationale(target, "Reason.")
    assert not view.rubric.submit()
    assert len(answers.confirmed) == 1
    assert not session.locked


def test_ctrl_enter_finalizes_even_with_a_window_shortcut_on_it(
    view: ReconcileView, qtbot: QtBot, answers: Answers
) -> None:
    window = view.window()
    fired: list[bool] = []
    action = QAction("Next unjudged", window)
    action.setShortcut(QKeySequence("Ctrl+Return"))
    action.triggered.connect(lambda: fired.append(True))
    window.addAction(action)
    view.rubric.feedback.editor.setFocus()
    view.session.set_current_target("part1")
    view.rubric.accept(0)
    editor = view.rubric.feedback.editor
    editor.setFocus()
    qtbot.waitUntil(editor.hasFocus, timeout=WAIT_MS)
    qtbot.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert fired == []
    assert len(answers.informed) == 1  # the finalize flow ran: not ready yet
    assert editor.toPlainText() == ""  # no line break typed into the feedback
    qtbot.keyClick(editor, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
    assert view.session.current_target == "eo1.2"  # next in the list's order


def test_undo_and_redo_restore_decisions_and_rationale(
    view: ReconcileView, device: LeadDevice
) -> None:
    session, panel = view.session, view.rubric
    session.set_current_target("part3")
    panel.accept(0)
    session.set_rationale("part3", "A is right: the reflection is short.")
    session.flush_feedback()
    panel.accept(1)
    assert saved(device.workspace)["part3"] == (
        *SCORES_B["part3"],
        "A is right: the reflection is short.",
    )
    session.undo_stack.undo()
    assert saved(device.workspace)["part3"] == (
        *SCORES_A["part3"],
        "A is right: the reflection is short.",
    )
    assert panel.sides[0].is_chosen()
    assert panel.rationale.text() == "A is right: the reflection is short."
    session.undo_stack.undo()
    assert saved(device.workspace)["part3"] == (*SCORES_A["part3"], "")
    assert panel.rationale.text() == ""
    session.undo_stack.undo()
    assert "part3" not in saved(device.workspace)
    assert not panel.rationale.editor.isEnabled()
    session.undo_stack.redo()
    session.undo_stack.redo()
    assert saved(device.workspace)["part3"] == (
        *SCORES_A["part3"],
        "A is right: the reflection is short.",
    )


# --- evidence, accessibility -------------------------------------------------------------------
def test_citations_open_in_the_viewer(view: ReconcileView, qtbot: QtBot) -> None:
    view.session.set_current_target("eo1.1")
    (button,) = view.rubric.detail_view.citation_buttons()
    with qtbot.waitSignal(view.session.citation_requested, timeout=WAIT_MS) as blocker:
        click(qtbot, button)
    assert blocker.args == [Citation("a1", page=2)]
    assert view.artifacts.position()["artifact"] == "a1"
    assert view.rubric.open_citation(0)
    assert not view.rubric.open_citation(4)


def test_every_control_has_an_accessible_name(view: ReconcileView) -> None:
    view.session.set_current_target("eo1.1")
    panel = view.rubric
    controls = [
        w
        for kind in (QAbstractButton, QPlainTextEdit, QProgressBar, QTreeView)
        for w in panel.findChildren(kind)
        if w.isVisibleTo(panel)
    ]
    assert len(controls) > 8
    assert [w for w in controls if not w.accessibleName()] == []
    assert panel.sides[0].accessibleName() == "Assessor A · assessor1: Proficient"


def test_escape_in_an_editor_goes_back_to_the_list(view: ReconcileView, qtbot: QtBot) -> None:
    panel = view.rubric
    view.session.set_current_target("eo1.1")
    assert panel.accept(0)  # a disagreement: the cursor lands in the rationale
    qtbot.waitUntil(panel.rationale.editor.hasFocus, timeout=WAIT_MS)
    qtbot.keyClick(panel.rationale.editor, Qt.Key.Key_Escape)
    qtbot.waitUntil(panel.target_list.hasFocus, timeout=WAIT_MS)
    key(qtbot, view, Qt.Key.Key_J)  # and the plain keys work again
    assert view.session.current_target == "eo2.1"
