"""The narrative pane over a real workspace and a real scoring session (no mocks)."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QFont, QPalette, QTextBlock, QTextCursor, QWheelEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from support.bundles import make_pdf, sample_manifest, write_sample_bundle

from assessor_app.bundle.writer import write_bundle
from assessor_app.domain.model import Manifest, NarrativePart, NarrativeSection, Prompt
from assessor_app.domain.wordcount import count_words, word_count_status
from assessor_app.ui.scoring.narrative_document import (
    ANSWER,
    HEADING,
    NO_ANSWER,
    NOTICE,
    OTHER_TEXT,
    PROMPT_ID,
    block_role,
)
from assessor_app.ui.scoring.narrative_pane import NarrativePane
from assessor_app.ui.scoring.session import ScoringSession
from assessor_app.ui.scoring.tones import Tones
from assessor_app.workspace import Workspace


@pytest.fixture
def workspace(data_dir: Path) -> Iterator[Workspace]:
    ws = Workspace.open(data_dir)
    yield ws
    ws.close()


SessionFactory = Callable[[Manifest | None], ScoringSession]


@pytest.fixture
def open_session(workspace: Workspace, tmp_path: Path) -> Iterator[SessionFactory]:
    """Import a bundle (the sample, or one built from ``manifest``) and open a session on it."""
    sessions: list[ScoringSession] = []

    def make(manifest: Manifest | None = None) -> ScoringSession:
        if manifest is None:
            bundle = write_sample_bundle(tmp_path / "sample.zip")
        else:
            bundle = tmp_path / f"{manifest.submission_id}.zip"
            write_bundle(bundle, manifest, {"artifacts/a1.pdf": make_pdf(6)})
        session = ScoringSession(workspace, workspace.import_bundle(bundle))
        sessions.append(session)
        return session

    yield make
    for session in sessions:
        session.close()


@pytest.fixture
def make_pane(qtbot: QtBot) -> Callable[[ScoringSession], NarrativePane]:
    def make(session: ScoringSession) -> NarrativePane:
        pane = NarrativePane(session)
        qtbot.addWidget(pane)
        pane.resize(700, 800)
        pane.show()
        qtbot.waitExposed(pane)
        return pane

    return make


@pytest.fixture
def pane(
    open_session: SessionFactory, make_pane: Callable[[ScoringSession], NarrativePane]
) -> NarrativePane:
    return make_pane(open_session(None))


def _blocks(pane: NarrativePane, part_id: str | None = None) -> list[QTextBlock]:
    doc = pane.part_document(part_id).document
    out = []
    block = doc.begin()
    while block.isValid():
        out.append(block)
        block = block.next()
    return out


def _role(block: QTextBlock) -> str:
    return block_role(block.blockFormat())


def _prompt(block: QTextBlock) -> str:
    value = block.blockFormat().property(PROMPT_ID)
    return value if isinstance(value, str) else ""


def _unanswered_manifest() -> Manifest:
    """Part 1 with three prompts: q3 unanswered, plus text tied to no prompt."""
    base = sample_manifest("SUB-TEST-0002")
    part1 = next(p for p in base.rubric.parts if p.id == "part1")
    part1 = dataclasses.replace(
        part1, prompts=(*part1.prompts, Prompt("q3", "How will you monitor the plan?"))
    )
    rubric = dataclasses.replace(
        base.rubric, parts=tuple(part1 if p.id == "part1" else p for p in base.rubric.parts)
    )
    narratives = (
        NarrativePart(
            "part1",
            (
                NarrativeSection("q2", "Teachers and two parent volunteers."),
                NarrativeSection("q1", "We set out to change how meetings start.\n\nAnd end."),
                NarrativeSection(None, "A closing note that answers no prompt in particular."),
            ),
        ),
        base.narratives[1],
    )
    return dataclasses.replace(base, rubric=rubric, narratives=narratives)


def _paragraph(index: int, words: int = 100) -> str:
    return " ".join(f"word{index}x{i}" if i % 10 else "teacher" for i in range(words))


def _large_manifest() -> Manifest:
    """A 20,000-word Part 1: five prompts of forty 100-word paragraphs each."""
    base = sample_manifest("SUB-TEST-0003")
    prompts = tuple(Prompt(f"q{i}", f"Guiding question number {i}?") for i in range(1, 6))
    part1 = dataclasses.replace(base.rubric.parts[0], min_words=1000, prompts=prompts)
    rubric = dataclasses.replace(base.rubric, parts=(part1, *base.rubric.parts[1:]))
    sections = tuple(
        NarrativeSection(p.id, "\n\n".join(_paragraph(i * 100 + k) for k in range(40)))
        for i, p in enumerate(prompts)
    )
    narratives = (NarrativePart("part1", sections), base.narratives[1])
    return dataclasses.replace(base, rubric=rubric, narratives=narratives)


# --- tabs ------------------------------------------------------------------------------------
def test_a_tab_per_narrative_part_after_the_overview(pane: NarrativePane) -> None:
    tabs = pane.tabs
    assert [tabs.tabText(i) for i in range(tabs.count())] == ["Overview", "Part 1", "Part 3"]
    assert pane.part_ids() == ["part1", "part3"]  # the portfolio part has no tab
    assert "Part 1 – Overview questions" in tabs.tabToolTip(1)
    # the session's first target is part1, so that is what the pane opens on
    assert pane.current_part_id() == "part1"
    assert tabs.currentIndex() == 1
    # Part 3 is short: its tab carries a warning icon, Part 1's does not
    assert not tabs.tabIcon(2).isNull()
    assert tabs.tabIcon(1).isNull()


def test_overview_lists_the_credential_and_parts(pane: NarrativePane) -> None:
    pane.show_overview()
    assert pane.current_part_id() is None
    text = pane.view.toPlainText()
    for expected in (
        "Test Credential",
        "Version 2026.1",
        "Parts of this submission",
        "Part 1 – Overview questions",
        "Answer each.",
        "What did you set out to change?",
        "Part 2 – Evidence",
        "Part 3 – Reflection",
        "minimum met",
    ):
        assert expected in text
    assert "Below the word minimum: Part 3" in pane.count_bar.part_text()


# --- prompts and answers ---------------------------------------------------------------------
def test_prompts_are_headings_followed_by_their_answers(pane: NarrativePane) -> None:
    pane.show_part("part1")
    blocks = _blocks(pane)
    headings = [b for b in blocks if _role(b) == HEADING and _prompt(b)]
    assert [b.text() for b in headings] == ["What did you set out to change?", "Who was involved?"]
    for block in headings:  # styled: bold and larger than the body text
        fmt = block.begin().fragment().charFormat()
        assert fmt.fontWeight() >= QFont.Weight.DemiBold
        assert fmt.intProperty(fmt.Property.FontSizeAdjustment) > 0
    order = [(_role(b), _prompt(b), b.text()[:8]) for b in blocks if _prompt(b)]
    q1_heading = order.index((HEADING, "q1", "What did"))
    q1_answer = next(i for i, o in enumerate(order) if o[:2] == (ANSWER, "q1"))
    q2_heading = order.index((HEADING, "q2", "Who was "))
    q2_answer = order.index((ANSWER, "q2", "Staff."))
    assert q1_heading < q1_answer < q2_heading < q2_answer

    # each prompt's own count sits next to its heading
    built = pane.part_document()
    manifest = pane.session.manifest
    q1_text = next(s.text for s in manifest.narrative("part1").sections if s.prompt_id == "q1")
    assert built.prompt_counts == {"q1": count_words(q1_text), "q2": 1}
    labels = [b.text() for b in blocks if _prompt(b) and _role(b) != ANSWER]
    assert f"Prompt 1 of 2   ·   {count_words(q1_text)} words" in labels
    assert "Prompt 2 of 2   ·   1 word" in labels


def test_unanswered_prompt_and_other_text(
    open_session: SessionFactory, make_pane: Callable[[ScoringSession], NarrativePane]
) -> None:
    pane = make_pane(open_session(_unanswered_manifest()))
    pane.show_part("part1")
    blocks = _blocks(pane)
    notices = [b for b in blocks if _role(b) == NOTICE]
    assert [(b.text(), _prompt(b)) for b in notices] == [(NO_ANSWER, "q3")]
    fmt = notices[0].begin().fragment().charFormat()
    assert fmt.fontItalic()
    assert fmt.foreground().color() == Tones.of(pane.palette()).muted  # muted, not alarming

    # answers follow the prompt order, not the order the candidate's sections came in
    answers = [(b.text(), _prompt(b)) for b in blocks if _role(b) == ANSWER]
    assert answers[:3] == [
        ("We set out to change how meetings start.", "q1"),
        ("And end.", "q1"),
        ("Teachers and two parent volunteers.", "q2"),
    ]
    texts = [b.text() for b in blocks]
    other = next(i for i, t in enumerate(texts) if t.startswith(OTHER_TEXT))
    assert texts[other + 1] == "A closing note that answers no prompt in particular."
    assert texts.index(NO_ANSWER) < other

    assert pane.part_document().unanswered == ("q3",)
    assert "1 prompt without an answer" in pane.count_bar.prompts.text()
    assert not pane.tabs.tabIcon(1).isNull()  # a prompt without an answer is flagged too
    assert "1 prompt not answered" in pane.tabs.tabToolTip(1)


def test_candidate_text_is_never_read_as_markup(
    open_session: SessionFactory, make_pane: Callable[[ScoringSession], NarrativePane]
) -> None:
    base = sample_manifest("SUB-TEST-0004")
    hostile = "<b>bold?</b> <img src='x'> &amp; <a href='http://x'>link</a>"
    manifest = dataclasses.replace(
        base,
        narratives=(NarrativePart("part1", (NarrativeSection("q1", hostile),)), base.narratives[1]),
    )
    pane = make_pane(open_session(manifest))
    pane.show_part("part1")
    assert hostile in pane.view.toPlainText()


# --- word counts -----------------------------------------------------------------------------
def test_part_word_count_against_the_minimum(pane: NarrativePane) -> None:
    manifest = pane.session.manifest
    tones = Tones.of(pane.palette())

    pane.show_part("part1")
    count = count_words(manifest.narrative("part1").text)
    expected = word_count_status(count, 120)
    assert expected.met
    assert pane.count_bar.part_text() == expected.text
    assert "minimum met" in pane.count_bar.part_text()
    assert pane.count_bar.part.palette().color(QPalette.ColorRole.WindowText) == tones.proficient

    pane.show_part("part3")
    count = count_words(manifest.narrative("part3").text)
    expected = word_count_status(count, 60)
    assert not expected.met
    assert pane.count_bar.part_text() == expected.text
    assert f"{60 - count} short" in pane.count_bar.part_text()
    assert pane.count_bar.part.palette().color(QPalette.ColorRole.WindowText) == tones.error


def test_selection_count_updates_live(pane: NarrativePane) -> None:
    pane.show_part("part1")
    view = pane.view
    assert pane.count_bar.selection_text() == "Select text to count its words"
    doc = view.document()
    start = doc.toRawText().index("evidence evidence")
    cursor = QTextCursor(doc)
    cursor.setPosition(start)
    for _ in range(7):
        cursor.movePosition(QTextCursor.MoveOperation.NextWord, QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)
    assert count_words(cursor.selectedText()) == 7
    assert pane.count_bar.selection_text() == "Selection: 7 words"

    cursor.movePosition(QTextCursor.MoveOperation.NextWord, QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)
    assert pane.count_bar.selection_text() == "Selection: 8 words"

    # select everything: headings and labels are left out, so it is the part's own count
    view.selectAll()
    total = count_words(pane.session.manifest.narrative("part1").text)
    assert pane.count_bar.selection_text() == f"Selection: {total} words"
    assert pane.selection_word_count() == total

    cursor.clearSelection()
    view.setTextCursor(cursor)
    assert pane.count_bar.selection_text() == "Select text to count its words"


def test_large_part_stays_correct(
    open_session: SessionFactory, make_pane: Callable[[ScoringSession], NarrativePane]
) -> None:
    """A 20,000-word part: counts cached per part, selection recounted from the selection."""
    pane = make_pane(open_session(_large_manifest()))
    pane.show_part("part1")
    assert pane.part_document().total == 20_000
    assert pane.count_bar.part_text() == "20,000 / 1,000 words — minimum met"
    assert pane.part_document().prompt_counts == {f"q{i}": 4000 for i in range(1, 6)}
    assert pane.part_document() is pane.part_document("part1")  # built once, then cached

    view = pane.view
    doc = view.document()
    cursor = QTextCursor(doc)
    cursor.setPosition(doc.toRawText().index("teacher"))
    # a drag over the whole part: many selection changes, each counting only what is selected
    for _ in range(900):
        cursor.movePosition(QTextCursor.MoveOperation.Down, QTextCursor.MoveMode.KeepAnchor)
        view.setTextCursor(cursor)
    selected = cursor.selectedText()
    # every answer word is "teacher" or "word<i>x<j>"; prompts and labels use other words
    answer_words = len(re.findall(r"\b(?:teacher|word\d+x\d+)\b", selected))
    assert 0 < answer_words < count_words(selected)  # the drag crossed a prompt heading
    assert pane.selection_word_count() == answer_words
    assert pane.count_bar.selection_text() == f"Selection: {pane.selection_word_count():,} words"
    view.selectAll()
    assert pane.count_bar.selection_text() == "Selection: 20,000 words"

    pane.set_scroll_fraction(0.0)
    assert pane.find_text("teacher") == 2000  # one in every ten words
    assert pane.find_bar.status.text() == "1 of 2,000"
    assert len(view.extraSelections()) == 2000

    pane.show_part("part3")
    pane.show_part("part1")
    assert pane.count_bar.part_text() == "20,000 / 1,000 words — minimum met"


# --- find ------------------------------------------------------------------------------------
def test_find_highlights_and_counts(qtbot: QtBot, pane: NarrativePane) -> None:
    pane.show_part("part1")
    n = pane.session.manifest.narrative("part1").text.count("evidence")
    assert pane.find_text("Evidence") == n  # case-insensitive by default
    assert pane.find_bar.isVisible()
    assert len(pane.view.extraSelections()) == n
    assert pane.find_bar.status.text() == f"1 of {n}"
    selections = pane.view.extraSelections()
    assert all(s.cursor.selectedText().lower() == "evidence" for s in selections)
    current = selections[0].format.background().color()
    assert all(s.format.background().color() != current for s in selections[1:])

    field = pane.find_bar.field
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert pane.find_bar.status.text() == f"2 of {n}"
    qtbot.keyClick(field, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(field, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert pane.find_bar.status.text() == f"{n} of {n}"  # wraps around

    assert pane.find_text("no such phrase") == 0
    assert pane.find_bar.status.text() == "No matches"
    assert pane.view.extraSelections() == []

    pane.find_bar.case.setChecked(True)
    assert pane.find_text("Staff") == 1
    assert pane.find_text("staff") == 0
    pane.find_bar.case.setChecked(False)

    # switching part keeps the search and runs it on the new part
    pane.find_text("short")
    pane.show_part("part3")
    assert pane.match_count() == 1

    qtbot.keyClick(field, Qt.Key.Key_Escape)
    assert not pane.find_bar.isVisible()
    assert pane.view.extraSelections() == []
    assert pane.view.textCursor().selectedText() == "short"  # left selected, ready to copy


def test_ctrl_f_opens_the_find_bar(qtbot: QtBot, pane: NarrativePane) -> None:
    pane.activateWindow()
    pane.view.setFocus()
    qtbot.waitUntil(pane.view.hasFocus)
    qtbot.keyClick(pane.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert pane.find_bar.isVisible()
    qtbot.waitUntil(pane.find_bar.field.hasFocus)
    qtbot.keyClicks(pane.find_bar.field, "staff")
    qtbot.waitUntil(lambda: pane.match_count() == 1)
    assert pane.find_bar.status.text() == "1 of 1"


# --- following the session -------------------------------------------------------------------
def test_switching_target_to_a_part_switches_tab(qtbot: QtBot, pane: NarrativePane) -> None:
    session = pane.session
    with qtbot.waitSignal(pane.part_changed) as blocker:
        session.set_current_target("part3")
    assert blocker.args == ["part3"]
    assert pane.current_part_id() == "part3"
    assert pane.tabs.currentIndex() == 2
    assert "Part 3 – Reflection" in pane.view.toPlainText()

    session.set_current_target("eo1.1")  # a detail: the narrative stays where it is
    assert pane.current_part_id() == "part3"
    session.set_current_target("part1")
    assert pane.current_part_id() == "part1"
    assert pane.tabs.currentIndex() == 1


def test_clicking_a_tab_shows_the_part_without_changing_the_target(pane: NarrativePane) -> None:
    pane.tabs.setCurrentIndex(2)
    assert pane.current_part_id() == "part3"
    assert pane.session.current_target == "part1"
    pane.show_part("no-such-part")
    assert pane.current_part_id() == "part3"


# --- reading comfort -------------------------------------------------------------------------
def test_scroll_fraction_round_trip(
    open_session: SessionFactory, make_pane: Callable[[ScoringSession], NarrativePane]
) -> None:
    pane = make_pane(open_session(_large_manifest()))
    pane.show_part("part1")
    pane.set_scroll_fraction(0.5)
    assert pane.scroll_fraction() == pytest.approx(0.5, abs=0.01)
    pane.show_part("part3")
    assert pane.scroll_fraction() == 0.0
    pane.show_part("part1")  # each part remembers where the assessor was
    assert pane.scroll_fraction() == pytest.approx(0.5, abs=0.01)


def test_zoom_with_keys_and_ctrl_wheel(qtbot: QtBot, pane: NarrativePane) -> None:
    def size() -> float:
        return pane.view.document().defaultFont().pointSizeF()

    normal = size()
    pane.activateWindow()
    pane.view.setFocus()
    qtbot.waitUntil(pane.view.hasFocus)
    qtbot.keyClick(pane.view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert size() > normal
    qtbot.keyClick(pane.view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert size() == pytest.approx(normal)
    qtbot.keyClick(pane.view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert size() < normal

    pane.reset_zoom()
    viewport = pane.view.viewport()
    center = QPointF(viewport.rect().center())
    wheel = QWheelEvent(
        center,
        QPointF(viewport.mapToGlobal(center.toPoint())),
        QPoint(0, 0),
        QPoint(0, 240),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.ControlModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(viewport, wheel)
    assert pane.zoom_level() == 2
    assert pane.view.font().pointSizeF() == QApplication.font().pointSizeF()  # widget untouched


def test_dark_palette_rebuilds_with_dark_tones(pane: NarrativePane) -> None:
    pane.show_part("part3")
    dark = QPalette(pane.palette())
    for role, color in (
        (QPalette.ColorRole.Window, "#202124"),
        (QPalette.ColorRole.Base, "#1b1b1d"),
        (QPalette.ColorRole.Text, "#e8e8e8"),
        (QPalette.ColorRole.WindowText, "#e8e8e8"),
    ):
        dark.setColor(role, QColor(color))
    before = pane.part_document()
    pane.setPalette(dark)
    after = pane.part_document()
    assert after is not before
    tones = Tones.of(dark)
    assert pane.count_bar.part.palette().color(QPalette.ColorRole.WindowText) == tones.error
    body = next(b for b in _blocks(pane) if _role(b) == ANSWER)
    assert body.begin().fragment().charFormat().foreground().color() == QColor("#e8e8e8")
    assert pane.current_part_id() == "part3"


def test_controls_have_accessible_names(pane: NarrativePane) -> None:
    pane.find_text("evidence")
    names = {w.accessibleName() for w in pane.findChildren(QWidget) if w.accessibleName()}
    for name in (
        "Narrative parts",
        "Narrative text",
        "Find in text",
        "Matches",
        "Previous match",
        "Next match",
        "Match case",
        "Close find bar",
        "Part word count",
        "Selection word count",
    ):
        assert name in names
