"""The rubric panel over a real workspace and a real scoring session (no mocks).

Dialogs are answered by :class:`Answers`, passed to the panel as its ``confirm``/``inform``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from pytestqt.qtbot import QtBot
from support.bundles import judge_all_submittable, write_sample_bundle

from assessor_app.domain.model import Citation
from assessor_app.ui.scoring.feedback_editor import CHOOSE_LEVEL_FIRST, REQUIRED_NOTICE
from assessor_app.ui.scoring.rubric_panel import RubricPanel
from assessor_app.ui.scoring.session import ScoringSession
from assessor_app.ui.scoring.submit_flow import SUBMITTED_BANNER, blockers_text
from assessor_app.ui.scoring.target_info import status_of
from assessor_app.ui.scoring.tones import TargetStatus, Tones
from assessor_app.workspace import Workspace

TARGETS = ["part1", "part3", "eo1.1", "eo1.2", "eo2.1"]


class Answers:
    """Stands in for the assessor at the dialogs: records what was asked, answers ``yes``."""

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
def workspace(tmp_path: Path, data_dir: Path) -> Iterator[tuple[Workspace, str]]:
    bundle = write_sample_bundle(tmp_path / "sample.zip")
    ws = Workspace.open(data_dir)
    submission_id = ws.import_bundle(bundle)
    yield ws, submission_id
    close = getattr(ws, "close", None)
    if close is not None:
        close()


@pytest.fixture
def answers() -> Answers:
    return Answers()


@pytest.fixture
def session(workspace: tuple[Workspace, str], qtbot: QtBot) -> Iterator[ScoringSession]:
    ws, submission_id = workspace
    s = ScoringSession(ws, submission_id)
    yield s
    s.close()


@pytest.fixture
def panel(session: ScoringSession, answers: Answers, qtbot: QtBot) -> RubricPanel:
    widget = RubricPanel(session, confirm=answers.confirm, inform=answers.inform)
    qtbot.addWidget(widget)
    widget.resize(480, 800)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def saved(workspace: tuple[Workspace, str]) -> dict[str, tuple[str, str]]:
    ws, submission_id = workspace
    return {t: (j.level, j.comment) for t, j in ws.judgments(submission_id).items()}


def click(qtbot: QtBot, widget: object) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)  # type: ignore[arg-type]


# --- the list ------------------------------------------------------------------------------
def test_list_shows_every_target_in_rubric_order(panel: RubricPanel) -> None:
    assert panel.target_list.target_ids() == TARGETS
    assert panel.target_list.target_ids() == list(panel.session.rubric.target_ids())
    tops = [
        panel.target_list.topLevelItem(i).text(0)
        for i in range(panel.target_list.topLevelItemCount())
    ]
    assert tops == [
        "Part 1 – Overview questions",
        "Part 3 – Reflection",
        "EO1  Sets shared expectations",
        "EO2  Monitors the plan",
    ]
    assert panel.target_list.item_for("eo1.2").text(0) == "1.2  Models the norms in meetings."
    assert panel.target_list.currentItem() is panel.target_list.item_for("part1")


def test_selecting_a_row_moves_the_current_target_and_back(
    panel: RubricPanel, qtbot: QtBot
) -> None:
    tree = panel.target_list
    rect = tree.visualItemRect(tree.item_for("eo1.2"))
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert panel.session.current_target == "eo1.2"
    assert "Models the norms in meetings." in panel.detail_view._title.text()

    panel.session.set_current_target("eo2.1")
    assert tree.currentItem() is tree.item_for("eo2.1")
    assert "EO2 · Monitors the plan" in panel.detail_view._context.text()


def test_clicking_an_outcome_header_goes_to_its_first_detail(
    panel: RubricPanel, qtbot: QtBot
) -> None:
    tree = panel.target_list
    header = tree.topLevelItem(3)  # EO2
    qtbot.mouseClick(
        tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualItemRect(header).center()
    )
    assert panel.session.current_target == "eo2.1"


def test_up_and_down_step_through_targets_skipping_headers(
    panel: RubricPanel, qtbot: QtBot
) -> None:
    tree = panel.target_list
    seen = [panel.session.current_target]
    for _ in range(len(TARGETS)):  # one more than needed: stops at the last
        qtbot.keyClick(tree, Qt.Key.Key_Down)
        seen.append(panel.session.current_target)
    assert seen == [*TARGETS, TARGETS[-1]]
    qtbot.keyClick(tree, Qt.Key.Key_Up)
    assert panel.session.current_target == "eo1.2"
    qtbot.keyClick(tree, Qt.Key.Key_Home)
    assert tree.currentItem() is tree.item_for("part1")


def test_part_view_shows_instructions_and_word_minimum(panel: RubricPanel) -> None:
    panel.session.set_current_target("part3")
    view = panel.detail_view
    assert view._title.text() == "Part 3 – Reflection"
    assert "Reflect." in view._body.text()
    assert "Minimum 60 words" in view._words.text()
    assert "short" in view._words.text()  # the sample reflection is too short
    assert view.citation_buttons() == []


# --- levels and feedback -------------------------------------------------------------------
def test_clicking_a_level_saves_it(
    panel: RubricPanel, qtbot: QtBot, workspace: tuple[Workspace, str]
) -> None:
    proficient, not_yet = panel.levels.buttons()
    assert proficient.text() == "Proficient"
    assert "clearly and compellingly" in proficient.toolTip()
    click(qtbot, proficient)
    assert saved(workspace)["part1"][0] == "P"
    assert proficient.isChecked() and not not_yet.isChecked()
    assert status_of(panel.session, "part1") is TargetStatus.PROFICIENT
    assert panel.footer.progress_label.text() == "1 of 5 judged"

    click(qtbot, proficient)  # the checked one again: nothing changes
    assert proficient.isChecked()
    assert panel.session.undo_stack.count() == 1

    click(qtbot, panel.levels.clear_button())
    assert "part1" not in saved(workspace)
    assert not proficient.isChecked() and not not_yet.isChecked()


def test_feedback_is_disabled_until_a_level_is_chosen(panel: RubricPanel, qtbot: QtBot) -> None:
    assert not panel.feedback.editor.isEnabled()
    assert panel.feedback.editor.placeholderText() == CHOOSE_LEVEL_FIRST
    assert panel.feedback.notice.isHidden()
    click(qtbot, panel.levels.buttons()[0])
    assert panel.feedback.editor.isEnabled()
    assert panel.feedback.notice.isHidden()


def test_not_yet_needs_feedback_and_typing_saves_it(
    panel: RubricPanel, qtbot: QtBot, workspace: tuple[Workspace, str]
) -> None:
    panel.session.set_current_target("eo1.1")
    click(qtbot, panel.levels.buttons()[1])
    assert saved(workspace)["eo1.1"] == ("N", "")
    assert panel.feedback.notice.isVisible()
    assert panel.feedback.notice.text() == REQUIRED_NOTICE
    assert not panel.target_list.item_for("eo1.1").icon(1).isNull()  # warning mark

    text = "Show the norms being revised with staff."
    qtbot.keyClicks(panel.feedback.editor, text)
    assert panel.feedback.word_count.text() == "7 words"
    assert panel.feedback.notice.isHidden()
    qtbot.waitUntil(lambda: saved(workspace)["eo1.1"] == ("N", text), timeout=3000)
    assert panel.target_list.item_for("eo1.1").icon(1).isNull()


def test_changing_target_loads_feedback_without_saving(
    panel: RubricPanel, qtbot: QtBot, workspace: tuple[Workspace, str]
) -> None:
    session = panel.session
    session.set_current_target("eo1.1")
    session.set_level("eo1.1", "N")
    session.set_feedback("eo1.1", "Cite the minutes.")
    session.flush_feedback()
    steps = session.undo_stack.count()

    session.set_current_target("eo1.2")
    assert panel.feedback.text() == ""
    session.set_current_target("eo1.1")
    assert panel.feedback.text() == "Cite the minutes."
    assert panel.feedback.word_count.text() == "3 words"
    assert session.undo_stack.count() == steps
    assert saved(workspace)["eo1.1"] == ("N", "Cite the minutes.")


def test_undo_restores_the_previous_level_in_ui_and_store(
    panel: RubricPanel, qtbot: QtBot, workspace: tuple[Workspace, str]
) -> None:
    proficient, not_yet = panel.levels.buttons()
    click(qtbot, proficient)
    click(qtbot, not_yet)
    assert saved(workspace)["part1"][0] == "N"
    panel.session.undo_stack.undo()
    assert proficient.isChecked() and not not_yet.isChecked()
    assert saved(workspace)["part1"][0] == "P"
    panel.session.undo_stack.undo()
    assert not proficient.isChecked() and not not_yet.isChecked()
    assert "part1" not in saved(workspace)
    assert not panel.feedback.editor.isEnabled()


# --- evidence ------------------------------------------------------------------------------
def test_citation_click_requests_that_citation(panel: RubricPanel, qtbot: QtBot) -> None:
    panel.session.set_current_target("eo1.2")
    (button,) = panel.detail_view.citation_buttons()
    assert button.full_text() == "1  pp. 3–4 · Meeting agenda"
    assert panel.detail_view.problem_labels() == []
    with qtbot.waitSignal(panel.session.citation_requested, timeout=1000) as blocker:
        click(qtbot, button)
    assert blocker.args == [Citation("a1", page=3, page_end=4)]
    assert "Minutes, pp. 3-4." in panel.detail_view._explanation.text()


def test_citation_with_a_problem_shows_its_warning_and_still_opens(
    panel: RubricPanel, qtbot: QtBot
) -> None:
    panel.session.set_current_target("eo2.1")
    (label,) = panel.detail_view.problem_labels()
    assert "has only 6 pages" in label.text()
    qtbot.waitUntil(label.isVisible, timeout=1000)
    (button,) = panel.detail_view.citation_buttons()
    assert "has only 6 pages" in button.toolTip()
    assert "problem" in button.accessibleDescription()
    assert not panel.target_list.item_for("eo2.1").icon(1).isNull()
    with qtbot.waitSignal(panel.session.citation_requested, timeout=1000) as blocker:
        click(qtbot, button)
    assert blocker.args == [Citation("a1", page=9)]


# --- keyboard slots ------------------------------------------------------------------------
def test_keyboard_slots(panel: RubricPanel, qtbot: QtBot, workspace: tuple[Workspace, str]) -> None:
    panel.session.set_current_target("eo1.1")
    assert panel.select_level(0)
    assert saved(workspace)["eo1.1"][0] == "P"
    assert panel.select_level(1)
    assert saved(workspace)["eo1.1"][0] == "N"
    assert panel.levels.buttons()[1].isChecked()
    assert not panel.select_level(7)

    with qtbot.waitSignal(panel.session.citation_requested, timeout=1000) as blocker:
        assert panel.open_citation(0)
    assert blocker.args == [Citation("a1", page=2)]
    assert not panel.open_citation(3)

    panel.activateWindow()
    assert panel.focus_feedback()
    qtbot.waitUntil(panel.feedback.editor.hasFocus, timeout=2000)
    panel.focus_list()
    qtbot.waitUntil(panel.target_list.hasFocus, timeout=2000)


# --- result and submit ---------------------------------------------------------------------
def test_footer_shows_progress_and_result(panel: RubricPanel) -> None:
    footer = panel.footer
    assert footer.result_label.text() == "Incomplete — 5 to judge"
    session = panel.session
    for target in TARGETS:
        session.set_level(target, "P")
    assert footer.progress_label.text() == "5 of 5 judged"
    assert footer.progress.value() == footer.progress.maximum() == 5
    # Part 3 of the sample has 6 of its 60 words: proficient everywhere is still not earned.
    assert footer.result_label.text() == "Not yet — 1 part below the word minimum"
    session.set_level("part3", "N")
    assert footer.result_label.text() == "Not yet — 1 part not yet proficient"
    session.set_level("eo1.2", "N")
    session.set_feedback("eo1.2", "Show the norms in a second meeting.")
    session.flush_feedback()
    assert footer.result_label.text() == "Not yet — 1 detail and 1 part not yet proficient"


def test_footer_says_earned_when_every_target_and_minimum_is_met(
    tmp_path: Path, data_dir: Path, qtbot: QtBot
) -> None:
    bundle = write_sample_bundle(tmp_path / "full.zip", full_reflection=True)
    with Workspace.open(data_dir) as ws:
        session = ScoringSession(ws, ws.import_bundle(bundle))
        panel = RubricPanel(session, confirm=Answers().confirm, inform=Answers().inform)
        qtbot.addWidget(panel)
        for target in TARGETS:
            session.set_level(target, "P")
        assert panel.footer.result_label.text() == (
            "Earned — every detail proficient and every part met"
        )
        assert session.submit_blockers() == []
        session.close()


def test_submit_refused_lists_the_blockers(
    panel: RubricPanel, answers: Answers, qtbot: QtBot
) -> None:
    panel.session.set_level("part1", "N")  # no feedback: a blocker too
    click(qtbot, panel.footer.submit_button)
    assert len(answers.informed) == 1
    assert answers.confirmed == []
    assert answers.informed[0].count("\n• ") >= 4  # four unjudged targets at least
    assert not panel.session.locked
    assert panel.levels.buttons()[0].isEnabled()


def test_submit_succeeds_when_all_judged_and_locks_the_ui(
    panel: RubricPanel, answers: Answers, qtbot: QtBot, workspace: tuple[Workspace, str]
) -> None:
    for target in TARGETS:
        panel.session.set_current_target(target)
        assert panel.select_level(1 if target == "part3" else 0)  # Part 3 is short
    panel.session.set_feedback("part3", "Write the reflection at the required length.")
    click(qtbot, panel.footer.submit_button)
    assert answers.informed == []
    assert answers.confirmed == [
        "Submit scores for SUB-TEST-0001? You cannot change them afterwards."
    ]
    assert panel.session.locked
    assert_read_only(panel)
    ws, submission_id = workspace
    assert ws.submission(submission_id).locked


def test_declining_the_confirmation_submits_nothing(
    workspace: tuple[Workspace, str], qtbot: QtBot
) -> None:
    ws, submission_id = workspace
    judge_all_submittable(ws, submission_id)
    session = ScoringSession(ws, submission_id)
    answers = Answers(yes=False)
    panel = RubricPanel(session, confirm=answers.confirm, inform=answers.inform)
    qtbot.addWidget(panel)
    assert not panel.submit()
    assert len(answers.confirmed) == 1
    assert not session.locked
    assert panel.footer.submit_button.isEnabled()


def test_a_locked_session_is_read_only_from_the_start(
    workspace: tuple[Workspace, str], qtbot: QtBot
) -> None:
    ws, submission_id = workspace
    judge_all_submittable(ws, submission_id)
    ws.submit(submission_id)
    session = ScoringSession(ws, submission_id)
    panel = RubricPanel(session, confirm=Answers().confirm, inform=Answers().inform)
    qtbot.addWidget(panel)
    panel.show()
    assert_read_only(panel)
    assert not panel.select_level(1)
    assert ws.judgments(submission_id)[session.current_target].level == "P"
    with qtbot.waitSignal(session.citation_requested, timeout=1000):
        session.set_current_target("eo1.1")
        assert panel.open_citation(0)  # evidence can still be viewed


def assert_read_only(panel: RubricPanel) -> None:
    assert panel.footer.banner.isVisible()
    assert panel.footer.banner.text() == SUBMITTED_BANNER
    assert not panel.footer.submit_button.isVisible()
    assert all(not b.isEnabled() for b in panel.levels.buttons())
    assert not panel.levels.clear_button().isEnabled()
    assert panel.feedback.editor.isReadOnly()


# --- errors, accessibility, style ----------------------------------------------------------
def test_session_errors_show_inline_until_the_next_save(panel: RubricPanel) -> None:
    panel.session.error.emit("The disk is full; the last change was not saved.")
    assert panel.error_label.isVisible()
    assert "disk is full" in panel.error_label.text()
    panel.session.set_level("part1", "P")
    assert panel.error_label.isHidden()


def test_every_control_has_an_accessible_name(panel: RubricPanel) -> None:
    from PySide6.QtWidgets import QAbstractButton, QLabel, QPlainTextEdit, QProgressBar, QTreeView

    panel.session.set_current_target("eo2.1")
    controls = [
        w
        for kind in (QAbstractButton, QPlainTextEdit, QProgressBar, QTreeView)
        for w in panel.findChildren(kind)
        if w.isVisibleTo(panel)
    ]
    assert controls
    assert [w for w in controls if not w.accessibleName()] == []
    labels = [w for w in panel.findChildren(QLabel) if w.isVisibleTo(panel)]
    assert labels


def test_tab_order_follows_the_work(panel: RubricPanel, qtbot: QtBot) -> None:
    panel.session.set_current_target("eo1.1")
    panel.session.set_level("eo1.1", "N")
    (citation,) = panel.detail_view.citation_buttons()
    qtbot.waitUntil(citation.isVisible, timeout=1000)  # new rows are shown by the event loop
    expected = [
        panel.target_list,
        citation,
        panel.detail_view._explanation,
        *panel.levels.buttons(),
        panel.levels.clear_button(),
        panel.feedback.editor,
        panel.footer.submit_button,
    ]
    chain = [expected[0]]
    widget = expected[0].nextInFocusChain()
    while len(chain) < len(expected) and widget is not expected[0]:
        tab = widget.focusPolicy() & Qt.FocusPolicy.TabFocus
        if tab and widget.isVisibleTo(panel) and widget.isEnabled():
            chain.append(widget)
        widget = widget.nextInFocusChain()
    assert chain == expected


def test_blocker_list_is_cut_after_twelve_lines() -> None:
    text = blockers_text([f"Detail {n} is not judged" for n in range(15)])
    lines = text.splitlines()
    assert len(lines) == 13
    assert lines[-1] == "and 3 more"


def test_tones_follow_a_dark_palette() -> None:
    light, dark = QPalette(), QPalette()
    light.setColor(QPalette.ColorRole.Window, QColor("#f4f4f4"))
    dark.setColor(QPalette.ColorRole.Window, QColor("#202124"))
    assert Tones.of(dark).proficient.lightnessF() > Tones.of(light).proficient.lightnessF()
