"""The program's decision rule and the reasons a submission cannot be submitted yet."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assessor_app.domain.decision import (
    Result,
    Status,
    has_feedback,
    overall_result,
    submit_blockers,
)
from assessor_app.domain.model import Detail, Level, Outcome, Part, PartKind, Rubric

TWO_LEVELS = (
    Level("P", "Proficient", True),
    Level("NYP", "Not yet proficient", False),
)
# A rubric with other codes and more levels: nothing may assume "P".
FOUR_LEVELS = (
    Level("4", "Exemplary", True),
    Level("3", "Proficient", True),
    Level("2", "Developing", False),
    Level("1", "Beginning", False),
)


def make_rubric(levels: tuple[Level, ...] = TWO_LEVELS) -> Rubric:
    return Rubric(
        levels=levels,
        parts=(
            Part("p1", "Part 1 — Overview questions", PartKind.NARRATIVE, min_words=1000),
            Part("p2", "Part 2 — Skill demonstration", PartKind.PORTFOLIO),
            Part("p3", "Part 3 — Reflection", PartKind.NARRATIVE, min_words=500),
        ),
        outcomes=(
            Outcome("eo1", "Rapport", (Detail("d11", "one"), Detail("d12", "two"))),
            Outcome("eo2", "Visibility", (Detail("d21", "three"),)),
        ),
    )


RUBRIC = make_rubric()
TARGETS = RUBRIC.target_ids()  # p1, p3, d11, d12, d21


def all_at(code: str, feedback: str = "") -> dict[str, tuple[str | None, str]]:
    return {t: (code, feedback) for t in TARGETS}


def test_targets_are_judged_parts_then_details() -> None:
    assert TARGETS == ("p1", "p3", "d11", "d12", "d21")


# --- status --------------------------------------------------------------------------------
def test_nothing_judged_is_incomplete() -> None:
    result = overall_result(RUBRIC, {})
    assert result.status is Status.INCOMPLETE
    assert result.status == "incomplete"
    assert result.unjudged == TARGETS
    assert (result.judged, result.total) == (0, 5)
    assert result.not_proficient == result.missing_feedback == ()
    assert result.summary == "Incomplete — 0 of 5 judged"
    assert not result.earned and not result.complete


def test_all_proficient_is_earned() -> None:
    result = overall_result(RUBRIC, all_at("P"))
    assert result.status == "earned"
    assert result.earned and result.complete
    assert (result.judged, result.total) == (5, 5)
    assert result.unjudged == result.not_proficient == result.missing_feedback == ()
    assert result.summary == "Earned — all 5 proficient"


def test_one_not_proficient_is_not_yet() -> None:
    judgments = all_at("P") | {"d12": ("NYP", "Cite the staff survey results.")}
    result = overall_result(RUBRIC, judgments)
    assert result.status == "not_yet"
    assert result.not_proficient == ("d12",)
    assert result.missing_feedback == ()
    assert result.summary == "Not yet — 1 of 5 not proficient"
    assert result.complete and not result.earned


def test_one_unjudged_target_keeps_it_incomplete_even_if_the_rest_is_proficient() -> None:
    judgments = all_at("P")
    del judgments["d21"]
    result = overall_result(RUBRIC, judgments)
    assert result.status == "incomplete"
    assert result.unjudged == ("d21",)
    assert result.summary == "Incomplete — 4 of 5 judged"


def test_incomplete_wins_over_not_yet() -> None:
    judgments = {"p1": ("NYP", ""), "d11": ("P", "")}
    result = overall_result(RUBRIC, judgments)
    assert result.status == "incomplete"
    assert result.unjudged == ("p3", "d12", "d21")
    assert result.not_proficient == ("p1",)
    assert result.missing_feedback == ("p1",)
    assert result.summary == "Incomplete — 2 of 5 judged (1 not yet proficient, 1 without feedback)"


@pytest.mark.parametrize("empty", ["", None])
def test_an_empty_level_code_is_unjudged(empty: str | None) -> None:
    judgments = all_at("P") | {"p3": (empty, "some feedback")}
    result = overall_result(RUBRIC, judgments)
    assert result.status == "incomplete"
    assert result.unjudged == ("p3",)
    assert result.unknown_level == ()


def test_a_level_code_the_rubric_lacks_is_unjudged_and_reported() -> None:
    judgments = all_at("P") | {"d11": ("E", "")}
    result = overall_result(RUBRIC, judgments)
    assert result.status == "incomplete"
    assert result.unjudged == ("d11",)
    assert result.unknown_level == ("d11",)
    assert result.judged == 4


def test_level_codes_are_case_sensitive() -> None:
    result = overall_result(RUBRIC, all_at("P") | {"d11": ("p", "")})
    assert result.unknown_level == ("d11",)


def test_judgments_for_other_ids_are_ignored() -> None:
    judgments = all_at("P") | {"old-detail": ("NYP", ""), "p2": ("NYP", "")}
    result = overall_result(RUBRIC, judgments)
    assert result.status == "earned"  # p2 is the portfolio: judged per detail, not as a part
    assert result.total == 5


def test_lists_follow_reading_order_not_mapping_order() -> None:
    judgments = {t: ("NYP", "") for t in reversed(TARGETS)}
    result = overall_result(RUBRIC, judgments)
    assert result.not_proficient == TARGETS
    assert result.missing_feedback == TARGETS


def test_everything_not_yet_without_feedback() -> None:
    result = overall_result(RUBRIC, all_at("NYP"))
    assert result.status == "not_yet"
    assert result.summary == "Not yet — 5 of 5 not proficient (5 without feedback)"


# --- levels come from the rubric -----------------------------------------------------------
def test_any_proficient_level_of_the_rubric_counts() -> None:
    rubric = make_rubric(FOUR_LEVELS)
    judgments = {"p1": ("4", ""), "p3": ("3", ""), "d11": ("4", ""), "d12": ("3", "")}
    judgments["d21"] = ("3", "")
    assert overall_result(rubric, judgments).status == "earned"


def test_any_level_below_proficient_is_not_yet() -> None:
    rubric = make_rubric(FOUR_LEVELS)
    judgments = {t: ("3", "") for t in TARGETS} | {"d11": ("2", "more"), "d21": ("1", "")}
    result = overall_result(rubric, judgments)
    assert result.status == "not_yet"
    assert result.not_proficient == ("d11", "d21")
    assert result.missing_feedback == ("d21",)


def test_a_code_from_another_rubric_is_unknown() -> None:
    rubric = make_rubric(FOUR_LEVELS)
    result = overall_result(rubric, {t: ("P", "") for t in TARGETS})
    assert result.status == "incomplete"
    assert result.unknown_level == TARGETS


def test_a_rubric_without_proficient_levels_never_earns() -> None:
    rubric = make_rubric((Level("R", "Reviewed", False),))
    result = overall_result(rubric, {t: ("R", "noted") for t in TARGETS})
    assert result.status == "not_yet"


def test_a_rubric_with_nothing_to_judge_is_never_earned() -> None:
    rubric = Rubric(levels=TWO_LEVELS, parts=(), outcomes=())
    result = overall_result(rubric, {})
    assert result.status == "incomplete"
    assert (result.judged, result.total) == (0, 0)
    assert result.summary == "Nothing to judge: the rubric has no targets"
    assert submit_blockers(rubric, {}) == ["The rubric has nothing to judge"]


def test_details_only_rubric() -> None:
    rubric = Rubric(
        levels=TWO_LEVELS,
        parts=(Part("pf", "Portfolio", PartKind.PORTFOLIO),),
        outcomes=(Outcome("eo", "Only", (Detail("d", "x"),)),),
    )
    assert overall_result(rubric, {"d": ("P", "")}).status == "earned"


# --- feedback ------------------------------------------------------------------------------
@pytest.mark.parametrize("feedback", ["", "   ", "\n\t", "\u00a0", "\u200b", "-", "…", "•  —", "?"])
def test_feedback_without_a_word_is_missing(feedback: str) -> None:
    assert not has_feedback(feedback)
    result = overall_result(RUBRIC, all_at("P") | {"d12": ("NYP", feedback)})
    assert result.missing_feedback == ("d12",)


@pytest.mark.parametrize("feedback", ["Cite it.", "x", "3", "見る", "  add the plan  "])
def test_feedback_with_a_word_counts(feedback: str) -> None:
    assert has_feedback(feedback)
    result = overall_result(RUBRIC, all_at("P") | {"d12": ("NYP", feedback)})
    assert result.missing_feedback == ()


def test_proficient_judgments_need_no_feedback() -> None:
    assert overall_result(RUBRIC, all_at("P", "")).missing_feedback == ()


def test_feedback_on_an_unjudged_target_does_not_count_as_judged() -> None:
    result = overall_result(RUBRIC, {"d11": ("", "draft note")})
    assert "d11" in result.unjudged and result.missing_feedback == ()


# --- word minimums (optional) --------------------------------------------------------------
def test_word_counts_meeting_the_minimums_change_nothing() -> None:
    result = overall_result(RUBRIC, all_at("P"), word_counts={"p1": 1000, "p3": 2000})
    assert result.status == "earned"
    assert result.below_minimum == ()


def test_a_short_part_judged_proficient_is_not_earned_and_blocks() -> None:
    counts = {"p1": 812, "p3": 600}
    result = overall_result(RUBRIC, all_at("P"), word_counts=counts)
    assert result.status == "not_yet"
    assert result.below_minimum == ("p1",)
    assert result.not_proficient == ()
    assert result.summary == "Not yet — all 5 judged proficient, but 1 part below the word minimum"
    assert submit_blockers(RUBRIC, all_at("P"), word_counts=counts) == [
        "Part 1 — Overview questions: judged “Proficient” but 812 / 1,000 words — 188 short"
    ]


def test_a_short_part_judged_not_yet_with_feedback_can_be_submitted() -> None:
    judgments = all_at("P") | {"p3": ("NYP", "Add 120 words on dissemination.")}
    counts = {"p1": 1200, "p3": 380}
    result = overall_result(RUBRIC, judgments, word_counts=counts)
    assert result.status == "not_yet"
    assert result.below_minimum == ("p3",)
    assert result.summary == "Not yet — 1 of 5 not proficient (1 part below the word minimum)"
    assert submit_blockers(RUBRIC, judgments, word_counts=counts) == []


def test_short_parts_are_reported_while_incomplete() -> None:
    result = overall_result(RUBRIC, {}, word_counts={"p1": 10, "p3": 10})
    assert result.status == "incomplete"
    assert result.below_minimum == ("p1", "p3")
    assert result.summary == "Incomplete — 0 of 5 judged (2 parts below the word minimum)"


def test_parts_missing_from_word_counts_are_not_judged_short() -> None:
    result = overall_result(RUBRIC, all_at("P"), word_counts={"p3": 501})
    assert result.status == "earned"


def test_without_word_counts_minimums_are_left_to_the_assessor() -> None:
    assert overall_result(RUBRIC, all_at("P")).below_minimum == ()


# --- submit blockers -----------------------------------------------------------------------
def test_nothing_blocks_a_complete_earned_submission() -> None:
    assert submit_blockers(RUBRIC, all_at("P")) == []


def test_nothing_blocks_a_complete_not_yet_submission_with_feedback() -> None:
    assert submit_blockers(RUBRIC, all_at("NYP", "Show the timeline.")) == []


def test_blockers_name_targets_by_their_labels_in_reading_order() -> None:
    judgments: dict[str, tuple[str | None, str]] = {
        "d21": ("NYP", "  "),
        "p1": ("P", ""),
        "d11": ("X", ""),
    }
    assert submit_blockers(RUBRIC, judgments) == [
        "Part 3 — Reflection: not judged",
        "EO1 · detail 1.1: level “X” is not a level of this rubric",
        "EO1 · detail 1.2: not judged",
        "EO2 · detail 2.1: “Not yet proficient” needs feedback the candidate can act on",
    ]


def test_blockers_never_quote_feedback() -> None:
    secret = "Jordan Example wrote about Lincoln Middle School"
    judgments = all_at("NYP", secret) | {"d11": ("NYP", "")}
    text = "\n".join(submit_blockers(RUBRIC, judgments))
    assert "Jordan" not in text and "Lincoln" not in text
    assert text == "EO1 · detail 1.1: “Not yet proficient” needs feedback the candidate can act on"


def test_blockers_use_the_rubric_level_labels() -> None:
    rubric = make_rubric(FOUR_LEVELS)
    judgments = {t: ("3", "") for t in TARGETS} | {"d12": ("1", "")}
    assert submit_blockers(rubric, judgments) == [
        "EO1 · detail 1.2: “Beginning” needs feedback the candidate can act on"
    ]


# --- the result object ---------------------------------------------------------------------
def test_result_is_frozen() -> None:
    result = overall_result(RUBRIC, {})
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.status = Status.EARNED  # type: ignore[misc]


def test_status_values_are_the_documented_strings() -> None:
    assert {s.value for s in Status} == {"incomplete", "earned", "not_yet"}


# --- properties ----------------------------------------------------------------------------
codes = st.sampled_from(["P", "NYP", "", None, "??"])
feedbacks = st.sampled_from(["", " ", "Add the evaluation plan.", "-"])
judgment_maps = st.dictionaries(
    st.sampled_from([*TARGETS, "p2", "stale"]), st.tuples(codes, feedbacks), max_size=8
)


@given(judgment_maps)
def test_result_invariants(judgments: dict[str, tuple[str | None, str]]) -> None:
    result: Result = overall_result(RUBRIC, judgments)
    assert result.total == len(TARGETS)
    assert result.judged == result.total - len(result.unjudged)
    assert set(result.unknown_level) <= set(result.unjudged)
    assert set(result.missing_feedback) <= set(result.not_proficient)
    assert not set(result.unjudged) & set(result.not_proficient)
    earned = all(
        (level := RUBRIC.level(judgments[t][0] or "")) is not None and level.proficient
        for t in TARGETS
        if t in judgments
    ) and all(t in judgments for t in TARGETS)
    assert result.earned == earned
    if result.unjudged:
        assert result.status == "incomplete"
    elif result.not_proficient:
        assert result.status == "not_yet"
    blockers = submit_blockers(RUBRIC, judgments)
    assert len(blockers) == len(result.unjudged) + len(result.missing_feedback)
    assert (blockers == []) == (result.complete and not result.missing_feedback)
