"""The unsigned Open Badges 3.0 credential: structure, ids, results, evidence, refusals."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from result_samples import LEAD_EARNED, SECRETS, judgments
from support.bundles import with_video

from assessor_app.domain.model import Citation, Manifest
from assessor_app.results.final import FinalResult, final_result
from assessor_app.results.open_badges import (
    OB_CONTEXT,
    VC_CONTEXT,
    achievement_credential,
    identity_hash,
)

ISSUER = "https://credentials.example.org/issuers/leadership-program"
EVIDENCE = "https://evidence.example.org/portfolios/x7f2/"


def _badge(manifest: Manifest, final: FinalResult, **kwargs: Any) -> dict[str, Any]:
    args: dict[str, Any] = {
        "issuer_id": ISSUER,
        "issuer_name": "Leadership Micro-credential Program",
        "evidence_base_url": EVIDENCE,
    }
    args.update(kwargs)
    return achievement_credential(manifest, final, **args)


def _ids(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        if isinstance(node.get("id"), str):
            yield node["id"]
        for value in node.values():
            yield from _ids(value)
    elif isinstance(node, list):
        for value in node:
            yield from _ids(value)


def test_the_credential_has_the_required_fields(
    earned_manifest: Manifest, earned: FinalResult
) -> None:
    badge = _badge(earned_manifest, earned)
    assert badge["@context"] == [VC_CONTEXT, OB_CONTEXT]
    assert badge["@context"][0] == "https://www.w3.org/ns/credentials/v2"
    assert set(badge["type"]) == {"VerifiableCredential", "OpenBadgeCredential"}
    assert badge["id"].startswith("urn:uuid:")
    assert badge["name"] == "Test Credential"
    assert badge["issuer"] == {
        "id": ISSUER,
        "type": ["Profile"],
        "name": "Leadership Micro-credential Program",
    }
    assert badge["validFrom"] == "2026-11-20T10:15:00Z"
    assert datetime.fromisoformat(badge["validFrom"]).tzinfo is not None
    assert "proof" not in badge  # the issuer signs

    subject = badge["credentialSubject"]
    assert subject["type"] == ["AchievementSubject"]
    assert "id" not in subject  # the issuer sets the recipient
    achievement = subject["achievement"]
    assert achievement["type"] == ["Achievement"]
    assert achievement["achievementType"] == "MicroCredential"
    assert achievement["name"] == "Test Credential"
    assert achievement["description"] == "Overview."
    assert achievement["version"] == "2026.1"
    assert achievement["humanCode"] == "cred-test"
    assert achievement["tag"] == ["Test stack"]
    narrative = achievement["criteria"]["narrative"]
    assert "every detail of every essential outcome" in narrative
    assert "Essential outcome 1: Sets shared expectations" in narrative
    assert "Part 3 – Reflection (at least 60 words)" in narrative


def test_the_candidate_is_a_salted_hash_of_the_submission_code(
    earned_manifest: Manifest, earned: FinalResult
) -> None:
    badge = _badge(earned_manifest, earned, salt="f00dfeed")
    (identity,) = badge["credentialSubject"]["identifier"]
    expected = "sha256$" + hashlib.sha256(b"SUB-EARN-0001f00dfeed").hexdigest()
    assert identity == {
        "type": "IdentityObject",
        "identityType": "identifier",
        "hashed": True,
        "identityHash": expected,
        "salt": "f00dfeed",
    }
    assert identity_hash("SUB-EARN-0001", "f00dfeed") == expected
    assert "SUB-EARN-0001" not in json.dumps(badge)
    other = _badge(earned_manifest, earned)["credentialSubject"]["identifier"][0]
    assert other["salt"] != "f00dfeed" and len(other["salt"]) == 32


def test_every_target_has_a_result_at_one_of_its_levels(
    earned_manifest: Manifest, earned: FinalResult
) -> None:
    badge = _badge(earned_manifest, earned)
    rubric = earned_manifest.rubric
    descriptions = badge["credentialSubject"]["achievement"]["resultDescription"]
    results = badge["credentialSubject"]["result"]
    assert len(descriptions) == len(results) == len(rubric.target_ids())
    by_id = {d["id"]: d for d in descriptions}
    for target_id, description in zip(rubric.target_ids(), descriptions, strict=True):
        assert description["type"] == ["ResultDescription"]
        assert description["resultType"] == "RubricCriterionLevel"
        assert description["name"].startswith(rubric.target_label(target_id))
        levels = description["rubricCriterionLevel"]
        assert [lv["level"] for lv in levels] == [lv.code for lv in rubric.levels]
        assert [lv["name"] for lv in levels] == [lv.label for lv in rubric.levels]
        assert all(lv["type"] == ["RubricCriterionLevel"] for lv in levels)
        proficient = next(lv for lv in levels if lv["level"] == "P")
        assert description["requiredLevel"] == proficient["id"]
    detail_names = {d.id: d.text for d in rubric.details()}
    assert descriptions[2]["name"] == "EO1 · detail 1.1: " + detail_names["eo1.1"]
    for target_id, result in zip(rubric.target_ids(), results, strict=True):
        assert result["type"] == ["Result"]
        description = by_id[result["resultDescription"]]
        achieved = [
            lv for lv in description["rubricCriterionLevel"] if lv["id"] == result["achievedLevel"]
        ]
        assert len(achieved) == 1
        assert achieved[0]["level"] == earned.decisions[target_id].level


def test_ids_are_unique_uris_and_stable_for_the_credential_version(
    earned_manifest: Manifest, earned: FinalResult
) -> None:
    first = _badge(earned_manifest, earned, credential_id="https://credentials.example.org/c/1")
    ids = list(_ids(first))
    assert len(ids) == len(set(ids))
    assert all(":" in i and " " not in i for i in ids)
    assert first["id"] == "https://credentials.example.org/c/1"
    second = _badge(earned_manifest, earned)
    assert second["id"] != first["id"]
    assert second["credentialSubject"]["achievement"] == first["credentialSubject"]["achievement"]


def test_the_document_is_plain_json(earned_manifest: Manifest, earned: FinalResult) -> None:
    badge = _badge(earned_manifest, earned)
    assert json.loads(json.dumps(badge, ensure_ascii=False, allow_nan=False)) == badge


def test_evidence_links_point_at_the_cited_page_or_time(
    earned_manifest: Manifest, earned: FinalResult
) -> None:
    manifest, _files = with_video(earned_manifest, Path("unused.webm"))
    spaced = dataclasses.replace(
        manifest.artifacts[0], path="artifacts/Meeting agenda #2.pdf", title="Agenda"
    )
    manifest = dataclasses.replace(manifest, artifacts=(spaced, *manifest.artifacts[1:]))
    evidence = _badge(manifest, earned, evidence_base_url=EVIDENCE.rstrip("/"))["evidence"]
    assert evidence == [
        {
            "id": EVIDENCE + "artifacts/Meeting%20agenda%20%232.pdf#page=2",
            "type": ["Evidence"],
            "name": "Agenda, p. 2",
            "description": "Cited for EO1 · detail 1.1",
        },
        {
            "id": EVIDENCE + "artifacts/Meeting%20agenda%20%232.pdf#page=3",
            "type": ["Evidence"],
            "name": "Agenda, pp. 3–4",
            "description": "Cited for EO1 · detail 1.2",
        },
        {
            "id": EVIDENCE + "artifacts/v1.webm#t=1.5,2.5",
            "type": ["Evidence"],
            "name": "Staff meeting clip, 00:01.500–00:02.500",
            "description": "Cited for EO2 · detail 2.1",
        },
    ]


def test_nothing_from_the_lead_or_the_assessors_is_included(
    earned_manifest: Manifest, earned: FinalResult
) -> None:
    text = json.dumps(_badge(earned_manifest, earned), ensure_ascii=False)
    for secret in SECRETS:
        assert secret not in text
    for decision in earned.decisions.values():
        if decision.feedback:
            assert decision.feedback not in text
    assert "10:15:00Z" in text  # validFrom, the only time, is when the result was final
    assert text.count("10:15") == 1


def test_a_not_yet_result_gets_no_badge(not_yet_manifest: Manifest, not_yet: FinalResult) -> None:
    with pytest.raises(ValueError, match=r"SUB-NYET-0002 did not earn 'Test Credential'.*earned"):
        _badge(not_yet_manifest, not_yet)


@pytest.mark.parametrize(
    ("kwargs", "why"),
    [
        ({"issuer_id": "leadership program"}, "issuer_id must be an absolute URI"),
        ({"issuer_name": "  "}, "issuer_name must not be empty"),
        ({"evidence_base_url": "file:///home/me/"}, "evidence_base_url must be an http"),
        ({"credential_id": "badge 1"}, "credential_id must be an absolute URI"),
    ],
)
def test_bad_ids_and_urls_are_refused(
    earned_manifest: Manifest, earned: FinalResult, kwargs: dict[str, str], why: str
) -> None:
    with pytest.raises(ValueError, match=why):
        _badge(earned_manifest, earned, **kwargs)


def test_an_earned_result_missing_a_level_is_refused(
    earned_manifest: Manifest, earned: FinalResult
) -> None:
    decisions = dict(earned.decisions)
    decisions["eo2.1"] = dataclasses.replace(decisions["eo2.1"], level=None)
    broken = dataclasses.replace(earned, decisions=decisions)
    with pytest.raises(ValueError, match=r"EO2 · detail 2\.1 has no level of the rubric"):
        _badge(earned_manifest, broken)


def test_a_did_issuer_is_accepted(earned_manifest: Manifest) -> None:
    final = final_result(earned_manifest, judgments(LEAD_EARNED), "2026-11-20T12:15:00+02:00")
    badge = _badge(earned_manifest, final, issuer_id="did:web:credentials.example.org")
    assert badge["issuer"]["id"] == "did:web:credentials.example.org"
    assert badge["validFrom"] == "2026-11-20T12:15:00+02:00"


def test_a_place_cited_twice_is_one_evidence_entry(
    earned_manifest: Manifest, earned: FinalResult
) -> None:
    evidence = tuple(
        dataclasses.replace(
            e, citations=(Citation("a1", page=3), Citation("a1", page=3, page_end=5))
        )
        for e in earned_manifest.evidence
    )
    manifest = dataclasses.replace(earned_manifest, evidence=evidence)
    (only,) = _badge(manifest, earned)["evidence"]
    assert only["id"] == EVIDENCE + "artifacts/a1.pdf#page=3"
    assert only["name"] == "Meeting agenda, p. 3; pp. 3–5"
    assert only["description"] == ("Cited for EO1 · detail 1.1, EO1 · detail 1.2, EO2 · detail 2.1")
