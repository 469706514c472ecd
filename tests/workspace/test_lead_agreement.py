"""Agreement records: one per target of each released submission, filtered by credential and
release day."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from support.lead_data import (
    SCORES_A,
    SCORES_B,
    SUBMITTED_B,
    assignment_json,
    blind_scores_json,
    feed,
    pin,
    released_json,
)
from support.sync_data import SUBMISSION

from assessor_app.errors import InvalidEntryError
from assessor_app.workspace import Workspace

OTHER = "SUB-NO-BUNDLE-9"  # released to this lead, bundle not downloaded yet


@pytest.fixture
def lead(imported: Workspace, key: Ed25519PrivateKey, sample_bundle: Path) -> Workspace:
    pin(imported, key, "lead1")
    feed(imported, [assignment_json(10, bundle=sample_bundle)])
    feed(imported, released_json(12, sample_bundle))
    feed(
        imported,
        [
            assignment_json(20, submission_id=OTHER, credential_id="cred-other", released=True),
            blind_scores_json(
                20,
                {"eo9.1": ("P", "")},
                {"eo9.1": ("P", ""), "eo9.2": ("N", "Missing.")},
                submitted=("2027-01-05T08:00:00Z", "2027-01-04T08:00:00Z"),
                names=("assessor1", "assessor3"),
                submission_id=OTHER,
            ),
        ],
    )
    return imported


def test_one_record_per_target_with_both_levels(lead: Workspace) -> None:
    records = lead.agreement_records(credential_id="cred-test")
    assert [r.target_id for r in records] == ["part1", "part3", "eo1.1", "eo1.2", "eo2.1"]
    for r in records:
        assert (r.submission_id, r.credential_id, r.credential_title) == (
            SUBMISSION,
            "cred-test",
            "Test Credential",
        )
        assert (r.assessor_a, r.assessor_b) == ("assessor1", "assessor2")
        assert (r.level_a, r.level_b) == (SCORES_A[r.target_id][0], SCORES_B[r.target_id][0])
        assert r.released_at == SUBMITTED_B
    assert records[2].target_label == "EO1 · detail 1.1"


def test_without_the_bundle_targets_are_listed_by_id(lead: Workspace) -> None:
    records = lead.agreement_records(credential_id="cred-other")
    assert [(r.target_id, r.target_label, r.level_a, r.level_b) for r in records] == [
        ("eo9.1", "eo9.1", "P", "P"),
        ("eo9.2", "eo9.2", None, "N"),  # A left it unjudged
    ]
    assert {r.released_at for r in records} == {"2027-01-05T08:00:00Z"}


def test_the_period_is_inclusive_on_release_days(lead: Workspace) -> None:
    def subs(**kwargs: object) -> set[str]:
        return {r.submission_id for r in lead.agreement_records(**kwargs)}  # type: ignore[arg-type]

    assert subs() == {SUBMISSION, OTHER}
    assert subs(since="2026-12-03", until="2026-12-03") == {SUBMISSION}
    assert subs(since="2026-12-04") == {OTHER}
    assert subs(until=date(2027, 1, 4)) == {SUBMISSION}
    assert subs(since="2027-01-05T23:59:59Z") == {OTHER}
    assert subs(since="2027-01-06") == set()
    with pytest.raises(InvalidEntryError, match="ISO date"):
        lead.agreement_records(since="last week")


def test_a_withdrawn_release_has_no_records(lead: Workspace, sample_bundle: Path) -> None:
    feed(lead, [assignment_json(30, bundle=sample_bundle, released=False)])
    assert {r.submission_id for r in lead.agreement_records()} == {OTHER}


def test_an_assessor_has_none(imported: Workspace) -> None:
    imported.judge(SUBMISSION, "eo1.1", "P")
    assert imported.agreement_records() == []
