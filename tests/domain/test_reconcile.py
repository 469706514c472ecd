"""A lead's reconciliation: side-by-side comparison, disagreements, rationales, blockers."""

from __future__ import annotations

import pytest

from assessor_app.domain.decision import submit_blockers
from assessor_app.domain.model import Detail, Level, Outcome, Part, PartKind, Rubric
from assessor_app.domain.reconcile import (
    BlindJudgment,
    BlindScores,
    DetailComparison,
    FinalJudgments,
    assemble_feedback,
    compare,
    disagreements,
    has_rationale,
    rationale_required,
    reconcile_blockers,
)

# Three levels with codes nothing may assume: two proficient, one not.
LEVELS = (
    Level("EX", "Exemplary", True),
    Level("PR", "Proficient", True),
    Level("NY", "Not yet", False),
)
RUBRIC = Rubric(
    levels=LEVELS,
    parts=(
        Part("p1", "Part 1 — Overview questions", PartKind.NARRATIVE, min_words=10),
        Part("p2", "Part 2 — Skill demonstration", PartKind.PORTFOLIO),
        Part("p3", "Part 3 — Reflection", PartKind.NARRATIVE),
    ),
    outcomes=(
        Outcome("eo1", "Rapport", (Detail("d11", "one"), Detail("d12", "two"))),
        Outcome("eo2", "Visibility", (Detail("d21", "three"),)),
    ),
)
# Reading order: p1, p3, d11, d12, d21.
LABELS = {
    "p1": "Part 1 — Overview questions",
    "p3": "Part 3 — Reflection",
    "d11": "EO1 · detail 1.1",
    "d12": "EO1 · detail 1.2",
    "d21": "EO2 · detail 2.1",
}


def scores(assessor: str, **levels: str | None) -> BlindScores:
    return BlindScores(
        assessor=assessor,
        submitted_at="2025-03-01T10:00:00Z",
        judgments={
            target: BlindJudgment(level, f"{assessor} on {target}", "2025-03-01T09:00:00Z")
            for target, level in levels.items()
        },
    )


# assessor1 and assessor2 agree on p1, p3, d21; disagree on d11; assessor2 left d12 open.
A = scores("assessor1", p1="PR", p3="PR", d11="PR", d12="NY", d21="EX")
B = scores("assessor2", p1="PR", p3="PR", d11="NY", d12=None, d21="EX")


def test_blind_scores_are_hashable_values() -> None:
    again = scores("assessor1", p1="PR", p3="PR", d11="PR", d12="NY", d21="EX")
    assert again == A
    assert hash(again) == hash(A)


# --- comparison ----------------------------------------------------------------------------
def test_compare_lists_every_target_in_reading_order_with_labels() -> None:
    rows = compare(RUBRIC, A, B)
    assert [r.target_id for r in rows] == ["p1", "p3", "d11", "d12", "d21"]
    assert [r.label for r in rows] == [LABELS[r.target_id] for r in rows]
    assert [r.agree for r in rows] == [True, True, False, False, True]
    d11 = rows[2]
    assert d11.a == BlindJudgment("PR", "assessor1 on d11", "2025-03-01T09:00:00Z")
    assert d11.b is not None and d11.b.level == "NY"


def test_a_missing_judgment_is_none_and_ids_outside_the_rubric_are_left_out() -> None:
    partial = scores("assessor2", p1="PR", old_detail="PR")
    rows = compare(RUBRIC, A, partial)
    assert [r.target_id for r in rows] == list(RUBRIC.target_ids())
    assert rows[1].target_id == "p3" and rows[1].b is None and not rows[1].agree


@pytest.mark.parametrize(
    ("a", "b", "agree"),
    [
        (BlindJudgment("PR", ""), BlindJudgment("PR", "other words"), True),
        (BlindJudgment("PR", ""), BlindJudgment("EX", ""), False),
        (BlindJudgment(None, ""), BlindJudgment(None, ""), False),  # no level agrees with nothing
        (BlindJudgment("", ""), BlindJudgment("", ""), False),  # empty code = no level
        (BlindJudgment("PR", ""), None, False),
        (None, None, False),
    ],
)
def test_agree_means_the_same_level_given_by_both(
    a: BlindJudgment | None, b: BlindJudgment | None, agree: bool
) -> None:
    assert DetailComparison("d11", "EO1 · detail 1.1", a, b).agree is agree


def test_disagreements_count_targets_not_agreed() -> None:
    assert disagreements(RUBRIC, A, B) == 2  # d11 (PR vs NY) and d12 (NY vs nothing)
    assert disagreements(RUBRIC, A, A) == 0
    nothing = scores("assessor2")
    assert disagreements(RUBRIC, A, nothing) == 5


# --- rationale rules -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("level_a", "level_b", "final", "required"),
    [
        ("PR", "PR", "PR", False),  # agreed and kept
        ("PR", "PR", "NY", True),  # agreed, but the lead chose something else
        ("PR", "PR", "EX", True),
        ("PR", "NY", "PR", True),  # disagreed: always explain, whichever side is taken
        ("PR", "NY", "NY", True),
        ("PR", "NY", "EX", True),  # disagreed and neither level kept
        ("PR", None, "PR", True),  # one assessor gave no level: a disagreement
        (None, None, "PR", True),  # final differs from both (both missing)
        ("PR", "PR", None, False),  # no final level yet: nothing to explain yet
        ("PR", "PR", "", False),
        ("PR", "NY", None, True),  # the disagreement alone already requires it
        ("", None, "", False),  # empty codes are "no level"
    ],
)
def test_rationale_required(
    level_a: str | None, level_b: str | None, final: str | None, required: bool
) -> None:
    assert rationale_required(level_a, level_b, final) is required
    assert rationale_required(level_b, level_a, final) is required  # symmetric in a and b


def test_a_rationale_needs_a_word() -> None:
    assert has_rationale("Evidence on p. 4 meets the detail.")
    assert not has_rationale("")
    assert not has_rationale("   \n")
    assert not has_rationale("-")
    assert not has_rationale("...")


# --- blockers ------------------------------------------------------------------------------
def agreed_final(
    **overrides: tuple[str | None, str, str],
) -> dict[str, tuple[str | None, str, str]]:
    """The lead keeps every agreed level; d11 and d12 are decided with a rationale."""
    final: dict[str, tuple[str | None, str, str]] = {
        "p1": ("PR", "", ""),
        "p3": ("PR", "", ""),
        "d11": ("PR", "", "The recording at 04:10 shows the skill; assessor2 missed it."),
        "d12": ("NY", "Cite a second meeting.", "Only one meeting is cited."),
        "d21": ("EX", "", ""),
    }
    final.update(overrides)
    return final


def test_nothing_blocks_a_complete_reconciliation() -> None:
    final = agreed_final()
    assert reconcile_blockers(RUBRIC, A, B, final) == []
    # ...and the ordinary submit rules agree: NY has feedback, the rest is proficient.
    judgments = {t: (level, feedback) for t, (level, feedback, _) in final.items()}
    assert submit_blockers(RUBRIC, judgments) == []


def test_a_disagreement_without_rationale_blocks() -> None:
    final = agreed_final(d11=("PR", "", ""))
    assert reconcile_blockers(RUBRIC, A, B, final) == ["rationale needed: EO1 · detail 1.1"]


@pytest.mark.parametrize("rationale", ["", "  ", "-", "…"])
def test_a_rationale_without_a_word_does_not_count(rationale: str) -> None:
    final = agreed_final(d12=("NY", "Cite a second meeting.", rationale))
    assert reconcile_blockers(RUBRIC, A, B, final) == ["rationale needed: EO1 · detail 1.2"]


def test_overriding_an_agreed_level_needs_a_rationale() -> None:
    final = agreed_final(p3=("NY", "Answer the third prompt.", ""))
    assert reconcile_blockers(RUBRIC, A, B, final) == ["rationale needed: Part 3 — Reflection"]
    final = agreed_final(p3=("NY", "Answer the third prompt.", "The third prompt is unanswered."))
    assert reconcile_blockers(RUBRIC, A, B, final) == []


def test_a_target_without_final_level_blocks_and_a_missing_rationale_is_named_too() -> None:
    final = agreed_final()
    del final["p1"]
    final["d11"] = (None, "", "")
    final["d21"] = ("", "", "")
    assert reconcile_blockers(RUBRIC, A, B, final) == [
        "Part 1 — Overview questions: no final level",
        "EO1 · detail 1.1: no final level",
        "rationale needed: EO1 · detail 1.1",  # the assessors disagreed there
        "EO2 · detail 2.1: no final level",  # they agreed: no rationale asked for yet
    ]


def test_nothing_decided_lists_every_target_in_reading_order() -> None:
    assert reconcile_blockers(RUBRIC, A, B, {}) == [
        "Part 1 — Overview questions: no final level",
        "Part 3 — Reflection: no final level",
        "EO1 · detail 1.1: no final level",
        "rationale needed: EO1 · detail 1.1",
        "EO1 · detail 1.2: no final level",
        "rationale needed: EO1 · detail 1.2",
        "EO2 · detail 2.1: no final level",
    ]


def test_a_level_the_rubric_does_not_have_blocks() -> None:
    final = agreed_final(d21=("P", "", ""))
    assert reconcile_blockers(RUBRIC, A, B, final) == [
        "EO2 · detail 2.1: final level “P” is not a level of this rubric",
        "rationale needed: EO2 · detail 2.1",  # "P" is neither assessor's "EX"
    ]


def test_blockers_never_quote_feedback_or_rationale() -> None:
    final = agreed_final(
        p1=("NY", "SECRET-FEEDBACK", ""), d11=("PR", "", ""), d12=(None, "", "SECRET-WHY")
    )
    lines = reconcile_blockers(RUBRIC, A, B, final)
    assert lines == [
        "rationale needed: Part 1 — Overview questions",
        "rationale needed: EO1 · detail 1.1",
        "EO1 · detail 1.2: no final level",
    ]
    assert not any("SECRET" in line for line in lines)


def test_an_empty_rubric_has_nothing_to_reconcile() -> None:
    empty = Rubric(levels=LEVELS, parts=(), outcomes=())
    assert reconcile_blockers(empty, A, B, {}) == ["The rubric has nothing to judge"]


# --- feedback for the report ---------------------------------------------------------------
def test_feedback_is_assembled_in_reading_order_without_rationales() -> None:
    # Inserted out of order, with an id that is no target and feedback without a word.
    final: FinalJudgments = {
        "d21": ("EX", "  Clear, well-cited plan.\n", "why d21"),
        "old": ("NY", "left over from another version", ""),
        "d11": ("NY", "Show the follow-up meeting.", "why d11"),
        "p3": ("PR", "-", ""),
        "p1": ("PR", "Thorough answers to every prompt.", ""),
        "d12": ("PR", "", ""),
    }
    assert assemble_feedback(RUBRIC, final) == [
        ("Part 1 — Overview questions", "Thorough answers to every prompt."),
        ("EO1 · detail 1.1", "Show the follow-up meeting."),
        ("EO2 · detail 2.1", "Clear, well-cited plan."),
    ]


def test_no_feedback_assembles_to_nothing() -> None:
    assert assemble_feedback(RUBRIC, {}) == []
