"""An Open Badges 3.0 credential for an earned micro-credential, unsigned, for the issuer.

:func:`achievement_credential` returns a JSON-ready dict: a W3C Verifiable Credential (data
model 2.0) typed ``VerifiableCredential`` + ``OpenBadgeCredential`` (the alias of Open Badges
3.0's AchievementCredential that verifiers and wallets look for). The issuer adds the
recipient and a proof (signature); this module never signs anything.

What it holds:

* ``issuer``: a ``Profile`` with the issuer's id and name, ``validFrom``: when the
  submission was finalized.
* ``credentialSubject`` (``AchievementSubject``) with **no** ``id`` and no name: the
  workstation never knows who the candidate is. It carries the opaque submission code as a
  salted, hashed ``identifier`` (``IdentityObject``, ``identityType`` ``identifier``,
  ``identityHash`` = ``"sha256$" + hex(sha256(code + salt))``) so the issuer, who can map
  codes to people, can match the credential to its recipient and then set
  ``credentialSubject.id`` (or add an e-mail identifier) before signing.
* ``achievement``: the credential (``achievementType`` ``MicroCredential``, version, criteria
  in words) with one ``resultDescription`` per rubric target, judged narrative parts and every
  detail, of ``resultType`` ``RubricCriterionLevel`` listing the rubric's levels as
  ``rubricCriterionLevel`` entries (``requiredLevel`` names the proficient level when the
  rubric has exactly one).
* ``credentialSubject.result``: per target, the ``resultDescription`` id and the
  ``achievedLevel`` id of the final level.
* ``evidence``: one link per distinct cited place in the portfolio, ``evidence_base_url`` +
  the artifact's path in the bundle + ``#page=N`` for a page (RFC 8118) or ``#t=s,e`` for a
  time span in seconds (W3C Media Fragments). Whoever publishes the evidence serves the
  artifacts under that base URL.

Ids: the credential is ``urn:uuid:`` random unless given; the achievement, result
descriptions and levels get name-based (version 5) UUID URNs derived from the issuer, the
credential id and version and the target, so the same credential version always has the
same ids. No feedback, rationale, assessor or judgment time is included.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from typing import Any
from urllib.parse import quote, urlsplit

from assessor_app.domain.model import Citation, Manifest, Rubric
from assessor_app.results.final import FinalResult, check_matches, parse_finalized_at

__all__ = ["OB_CONTEXT", "VC_CONTEXT", "achievement_credential", "identity_hash"]

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"

# The namespace of this workstation's name-based ids (itself a v5 UUID of a fixed URL).
_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://assessor-workstation.invalid/open-badges")


def _urn(*parts: str) -> str:
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, chr(31).join(parts))}"


def _require_uri(name: str, value: str) -> None:
    if not isinstance(value, str) or not urlsplit(value).scheme or any(c.isspace() for c in value):
        raise ValueError(
            f"{name} must be an absolute URI (https://..., did:..., urn:...), got {value!r}"
        )


def identity_hash(submission_id: str, salt: str) -> str:
    """The ``identityHash`` of a submission code: ``sha256$`` + hex digest of code + salt."""
    return "sha256$" + hashlib.sha256((submission_id + salt).encode("utf-8")).hexdigest()


def _valid_from(final: FinalResult) -> str:
    moment = parse_finalized_at(final.finalized_at)
    text = moment.isoformat(timespec="seconds")
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _criteria(manifest: Manifest) -> str:
    rubric = manifest.rubric
    lines = [
        "Earned by a submission that two assessors scored independently and blind, reconciled "
        "by a lead assessor. Every judged part and every detail of every essential outcome "
        "must be judged proficient, and each narrative part must meet its word minimum."
    ]
    for part in rubric.judged_parts():
        minimum = f" (at least {part.min_words:,} words)" if part.min_words else ""
        lines.append(f"- {part.title}{minimum}")
    for oi, outcome in enumerate(rubric.outcomes, start=1):
        lines.append(f"- Essential outcome {oi}: {outcome.title}")
        for di, detail in enumerate(outcome.details, start=1):
            lines.append(f"  - {oi}.{di} {detail.text}")
    return lines[0] + "\n\n" + "\n".join(lines[1:])  # Markdown: a paragraph, then a list


def _target_name(rubric: Rubric, target_id: str) -> str:
    label = rubric.target_label(target_id)
    detail = next((d for d in rubric.details() if d.id == target_id), None)
    return f"{label}: {detail.text}" if detail else label


def _result_description(rubric: Rubric, achievement_id: str, target_id: str) -> dict[str, Any]:
    rd_id = _urn(achievement_id, "criterion", target_id)
    levels = [
        {
            "id": _urn(rd_id, "level", level.code),
            "type": ["RubricCriterionLevel"],
            "name": level.label,
            "level": level.code,
            **({"description": level.description} if level.description else {}),
        }
        for level in rubric.levels
    ]
    description: dict[str, Any] = {
        "id": rd_id,
        "type": ["ResultDescription"],
        "name": _target_name(rubric, target_id),
        "resultType": "RubricCriterionLevel",
        "rubricCriterionLevel": levels,
    }
    proficient = [lv for lv in rubric.levels if lv.proficient]
    if len(proficient) == 1:
        description["requiredLevel"] = _urn(rd_id, "level", proficient[0].code)
    return description


def _seconds(ms: int) -> str:
    """Milliseconds as seconds for a media fragment: 1500 -> "1.5", 3000 -> "3"."""
    whole, rest = divmod(max(0, ms), 1000)
    return f"{whole}.{rest:03d}".rstrip("0").rstrip(".")


def _fragment(citation: Citation) -> str:
    if citation.page is not None:
        return f"#page={citation.page}"
    if citation.start_ms is not None:
        end = f",{_seconds(citation.end_ms)}" if citation.end_ms is not None else ""
        return f"#t={_seconds(citation.start_ms)}{end}"
    return ""


def _evidence(manifest: Manifest, base_url: str) -> list[dict[str, Any]]:
    """One entry per distinct cited place, naming the targets it was cited for."""
    rubric = manifest.rubric
    base = base_url if base_url.endswith("/") else base_url + "/"
    found: dict[str, dict[str, Any]] = {}
    places: dict[str, list[str]] = {}
    cited_for: dict[str, list[str]] = {}
    for target_id in rubric.target_ids():
        entry = manifest.evidence_for(target_id)
        for citation in entry.citations if entry else ():
            artifact = manifest.artifact(citation.artifact_id)
            if artifact is None:
                continue  # a dangling citation has nothing to link to
            url = base + quote(artifact.path, safe="/") + _fragment(citation)
            if url not in found:
                found[url] = {"id": url, "type": ["Evidence"], "name": artifact.title}
                places[url] = []
                cited_for[url] = []
            if citation.locator() not in places[url]:
                places[url].append(citation.locator())
            label = rubric.target_label(target_id)
            if label not in cited_for[url]:
                cited_for[url].append(label)
    for url, item in found.items():
        item["name"] = f"{item['name']}, {'; '.join(places[url])}"
        item["description"] = "Cited for " + ", ".join(cited_for[url])
    return list(found.values())


def achievement_credential(
    manifest: Manifest,
    final: FinalResult,
    *,
    issuer_id: str,
    issuer_name: str,
    evidence_base_url: str,
    credential_id: str | None = None,
    salt: str | None = None,
) -> dict[str, Any]:
    """The unsigned Open Badges 3.0 credential for ``final`` (see the module docstring).

    ``salt`` for the hashed submission code is random unless given. Raises ValueError when
    the credential was not earned, when ``final`` does not belong to ``manifest``, when a
    target lacks a level of the rubric, or when an id or URL is not an absolute URI.
    """
    check_matches(manifest, final)
    if not final.earned:
        raise ValueError(
            f"submission {final.submission_id} did not earn {final.credential.title!r} "
            f"(result {final.result!r}); an Open Badge is issued for earned credentials only"
        )
    _require_uri("issuer_id", issuer_id)
    if not issuer_name.strip():
        raise ValueError("issuer_name must not be empty")
    if urlsplit(evidence_base_url).scheme not in ("http", "https"):
        raise ValueError(f"evidence_base_url must be an http(s) URL, got {evidence_base_url!r}")
    credential_id = credential_id or f"urn:uuid:{uuid.uuid4()}"
    _require_uri("credential_id", credential_id)

    rubric = manifest.rubric
    credential = manifest.credential
    achievement_id = _urn(issuer_id, "achievement", credential.id, credential.version)
    descriptions = []
    results = []
    for target_id in rubric.target_ids():
        description = _result_description(rubric, achievement_id, target_id)
        decision = final.decisions.get(target_id)
        code = decision.level if decision else None
        if not code or rubric.level(code) is None:
            raise ValueError(
                f"{rubric.target_label(target_id)} has no level of the rubric "
                f"({code!r}); the final result is incomplete"
            )
        descriptions.append(description)
        results.append(
            {
                "type": ["Result"],
                "resultDescription": description["id"],
                "achievedLevel": _urn(description["id"], "level", code),
            }
        )

    achievement: dict[str, Any] = {
        "id": achievement_id,
        "type": ["Achievement"],
        "achievementType": "MicroCredential",
        "name": credential.title,
        "description": credential.overview or credential.title,
        "criteria": {"narrative": _criteria(manifest)},
        "humanCode": credential.id,
        "version": credential.version,
        "resultDescription": descriptions,
    }
    if credential.stack:
        achievement["tag"] = [credential.stack]

    salt = salt if salt is not None else secrets.token_hex(16)
    document: dict[str, Any] = {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": credential_id,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": credential.title,
        "issuer": {"id": issuer_id, "type": ["Profile"], "name": issuer_name},
        "validFrom": _valid_from(final),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityType": "identifier",
                    "hashed": True,
                    "identityHash": identity_hash(final.submission_id, salt),
                    "salt": salt,
                }
            ],
            "achievement": achievement,
            "result": results,
        },
    }
    evidence = _evidence(manifest, evidence_base_url)
    if evidence:
        document["evidence"] = evidence
    return document
