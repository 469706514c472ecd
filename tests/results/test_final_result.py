"""final_result applies the program's decision rule and keeps only what the candidate sees."""

from __future__ import annotations

import dataclasses

import pytest
from result_samples import FINALIZED_AT, LEAD_EARNED, LEAD_NOT_YET, judgments
from support.bundles import sample_manifest

from assessor_app.domain.model import Manifest
from assessor_app.results.final import Decision, FinalResult, check_matches, final_result


def test_all_proficient_with_the_minimums_met_is_earned(
    earned_manifest: Manifest, earned: FinalResult
) -> None:
    assert earned.result == "earned" and earned.earned
    assert earned.submission_id == "SUB-EARN-0001"
    assert earned.credential == earned_manifest.credential
    assert earned.finalized_at == FINALIZED_AT
    assert list(earned.decisions) == list(earned_manifest.rubric.target_ids())
    assert earned.decisions["part1"] == Decision("P", LEAD_EARNED["part1"][1])
    assert earned.decisions["part3"] == Decision("P", "")


def test_a_detail_not_yet_proficient_means_not_yet(not_yet: FinalResult) -> None:
    assert not_yet.result == "not_yet" and not not_yet.earned
    assert not_yet.decisions["eo1.2"].level == "N"
    assert not_yet.decisions["eo1.2"].feedback == LEAD_NOT_YET["eo1.2"][1]


def test_a_part_short_of_its_minimum_keeps_the_credential_from_being_earned() -> None:
    manifest = sample_manifest()  # Part 3 has 6 of its 60 words
    lead = dict(judgments(LEAD_EARNED), part3=("N", "Write at least 60 words."))
    assert final_result(manifest, lead, FINALIZED_AT).result == "not_yet"


def test_a_short_part_judged_proficient_cannot_be_finalized() -> None:
    with pytest.raises(ValueError, match=r"Part 3 – Reflection: judged “Proficient” but"):
        final_result(sample_manifest(), judgments(LEAD_EARNED), FINALIZED_AT)


def test_judgments_that_could_not_be_submitted_are_refused(earned_manifest: Manifest) -> None:
    lead = judgments(LEAD_EARNED)
    del lead["eo2.1"]
    lead["eo1.1"] = ("N", "  ")
    with pytest.raises(ValueError) as caught:
        final_result(earned_manifest, lead, FINALIZED_AT)
    message = str(caught.value)
    assert "SUB-EARN-0001 cannot be finalized" in message
    assert "EO1 · detail 1.1: “Not yet proficient” needs feedback" in message
    assert "EO2 · detail 2.1: not judged" in message


def test_a_level_the_rubric_does_not_have_is_refused(earned_manifest: Manifest) -> None:
    lead = judgments(LEAD_EARNED)
    lead["eo1.1"] = ("X", "feedback")
    with pytest.raises(ValueError, match="level “X” is not a level of this rubric"):
        final_result(earned_manifest, lead, FINALIZED_AT)


def test_ids_that_are_not_targets_are_dropped(earned_manifest: Manifest) -> None:
    lead = dict(judgments(LEAD_EARNED), old_detail=("N", "from another rubric version"))
    final = final_result(earned_manifest, lead, FINALIZED_AT)
    assert "old_detail" not in final.decisions
    assert final.result == "earned"


def test_decisions_are_read_only(earned: FinalResult) -> None:
    with pytest.raises(TypeError):
        earned.decisions["eo1.1"] = Decision("N", "changed")  # type: ignore[index]
    with pytest.raises(dataclasses.FrozenInstanceError):
        earned.result = "not_yet"  # type: ignore[misc]


def test_a_final_result_has_no_place_for_rationale_or_assessors() -> None:
    assert [f.name for f in dataclasses.fields(FinalResult)] == [
        "submission_id",
        "credential",
        "result",
        "finalized_at",
        "decisions",
    ]
    assert [f.name for f in dataclasses.fields(Decision)] == ["level", "feedback"]


@pytest.mark.parametrize(
    ("finalized_at", "why"),
    [
        ("20 November 2026", "must be an ISO 8601 date and time"),
        ("2026-11-20T10:15:00", "must carry a UTC offset"),
    ],
)
def test_finalized_at_must_be_iso_with_an_offset(
    earned_manifest: Manifest, finalized_at: str, why: str
) -> None:
    with pytest.raises(ValueError, match=why):
        final_result(earned_manifest, judgments(LEAD_EARNED), finalized_at)


def test_only_earned_or_not_yet_are_results(earned: FinalResult) -> None:
    with pytest.raises(ValueError, match="result must be 'earned' or 'not_yet'"):
        dataclasses.replace(earned, result="incomplete")  # type: ignore[arg-type]


def test_check_matches_names_both_submissions(earned: FinalResult) -> None:
    other = sample_manifest("SUB-OTHER-0009", full_reflection=True)
    with pytest.raises(ValueError, match="for submission SUB-EARN-0001, the manifest for SUB-OTH"):
        check_matches(other, earned)
    newer = dataclasses.replace(
        other,
        submission_id="SUB-EARN-0001",
        credential=dataclasses.replace(other.credential, version="2027.1"),
    )
    with pytest.raises(
        ValueError, match=r"version 2026\.1, the manifest for cred-test version 2027"
    ):
        check_matches(newer, earned)
