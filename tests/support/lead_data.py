"""Change-feed JSON of a lead's feed, in the shapes of the contract for issue #5
(``assessor_app/portal/server/feed.py`` sends them), and a helper that pushes it through the
real parser into a workspace.

Assessors in the sample: ``assessor1`` and ``assessor2`` (the portal orders them by name).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from assessor_app.storage.sync_store import ApplyResult
from assessor_app.sync.protocol import parse_changes
from assessor_app.workspace import Workspace
from support.signed_bundles import public_b64
from support.sync_data import EPOCH, PORTAL_ID, SERVER, SUBMISSION, sha256_file

# Both assessors submitted the sample; they agree on part1 and eo1.2 only.
SCORES_A: dict[str, tuple[str, str]] = {
    "part1": ("P", ""),
    "part3": ("N", "A: the reflection is far too short."),
    "eo1.1": ("P", "A: norms are co-written."),
    "eo1.2": ("P", ""),
    "eo2.1": ("N", "A: the cited page does not exist."),
}
SCORES_B: dict[str, tuple[str, str]] = {
    "part1": ("P", ""),
    "part3": ("P", "B: short but enough."),
    "eo1.1": ("N", "B: no staff voices in the agenda."),
    "eo1.2": ("P", ""),
    "eo2.1": ("P", "B: the schedule is in the minutes."),
}
DISAGREED = ("part3", "eo1.1", "eo2.1")
SUBMITTED_A = "2026-12-01T10:00:00Z"
SUBMITTED_B = "2026-12-03T16:30:00Z"  # the later submit: the release


def pin(ws: Workspace, key: Ed25519PrivateKey, user: str) -> None:
    ws.set_sync_identity(SERVER, user, PORTAL_ID, public_b64(key), EPOCH)


def assignment_json(
    version: int,
    *,
    bundle: Path | None = None,
    role: str = "lead",
    state: str = "open",
    released: bool = False,
    submission_id: str = SUBMISSION,
    credential_id: str = "cred-test",
) -> dict[str, Any]:
    return {
        "type": "assignment",
        "version": version,
        "submission_id": submission_id,
        "role": role,
        "state": state,
        "credential": {"id": credential_id, "title": "Test Credential", "version": "2026.1"},
        "due": "2026-12-15",
        "bundle": {
            "size": bundle.stat().st_size if bundle is not None else 1000,
            "sha256": sha256_file(bundle) if bundle is not None else "0" * 64,
        },
        "released": released,
    }


def blind_scores_json(
    version: int,
    a: Mapping[str, tuple[str, str]] = SCORES_A,
    b: Mapping[str, tuple[str, str]] = SCORES_B,
    *,
    submitted: tuple[str, str] = (SUBMITTED_A, SUBMITTED_B),
    names: tuple[str, str] = ("assessor1", "assessor2"),
    submission_id: str = SUBMISSION,
) -> dict[str, Any]:
    def one(name: str, when: str, scores: Mapping[str, tuple[str, str]]) -> dict[str, Any]:
        return {
            "assessor": name,
            "submitted_at": when,
            "judgments": [
                {"target_id": t, "level": lv, "comment": c, "updated_at": when}
                for t, (lv, c) in scores.items()
            ],
        }

    return {
        "type": "blind_scores",
        "version": version,
        "submission_id": submission_id,
        "scores": [one(names[0], submitted[0], a), one(names[1], submitted[1], b)],
    }


def identity_report_json(
    version: int,
    report_id: int,
    *,
    reporter: str = "assessor2",
    where: str = "Portfolio: Meeting agenda p. 2",
    note: str = "The letterhead shows the school.",
    state: str = "open",
    submission_id: str = SUBMISSION,
) -> dict[str, Any]:
    return {
        "type": "identity_report",
        "version": version,
        "submission_id": submission_id,
        "report_id": report_id,
        "reporter": reporter,
        "where": where,
        "note": note,
        "reported_at": "2026-12-04T09:15:00Z",
        "state": state,
    }


def released_json(version: int, bundle: Path | None = None) -> list[dict[str, Any]]:
    """A lead's assignment entry with its scores released, and the blind scores after it."""
    return [assignment_json(version, bundle=bundle, released=True), blind_scores_json(version)]


def feed(
    ws: Workspace,
    entries: Sequence[Mapping[str, Any]],
    *,
    epoch: str = EPOCH,
    more: bool = False,
    reset: bool = False,
) -> ApplyResult:
    """Parse a feed page made of ``entries`` as the client would and apply it."""
    cursor = max((int(e["version"]) for e in entries), default=0)
    state = ws.sync_state()
    if state is not None:
        cursor = max(cursor, state.cursor)
    page = parse_changes(
        {"epoch": epoch, "cursor": cursor, "more": more, "reset": reset, "changes": list(entries)}
    )
    assert page.skipped == 0, "every entry of a lead's feed is known to this client"
    return ws.apply_changes(page.changes, page.epoch, page.cursor, more=page.more, reset=reset)
