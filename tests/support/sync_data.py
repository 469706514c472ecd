"""Constants and change-feed builders shared by the sync tests."""

from __future__ import annotations

import hashlib
from pathlib import Path

from assessor_app.sync.protocol import (
    AssignmentChange,
    AssignmentState,
    JudgmentChange,
    RevokedChange,
    SubmittedChange,
)
from support.bundles import sample_manifest

SUBMISSION = sample_manifest().submission_id
SERVER = "http://portal.invalid"
PORTAL_ID = "5f0c1c9e-0000-4000-8000-000000000001"
EPOCH = "e-1"


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assignment_change(
    version: int,
    submission_id: str = SUBMISSION,
    *,
    state: AssignmentState = AssignmentState.OPEN,
    sha: str = "0" * 64,
    size: int = 1000,
) -> AssignmentChange:
    return AssignmentChange(
        version=version,
        submission_id=submission_id,
        role="assessor",
        state=state,
        credential_id="cred-test",
        credential_title="Test Credential",
        credential_version="2026.1",
        due="2026-12-15",
        bundle_size=size,
        bundle_sha256=sha,
    )


def judgment_change(
    version: int,
    target_id: str,
    level: str | None,
    comment: str = "",
    submission_id: str = SUBMISSION,
) -> JudgmentChange:
    return JudgmentChange(version, submission_id, target_id, level, comment)


def submitted_change(version: int, submission_id: str = SUBMISSION) -> SubmittedChange:
    return SubmittedChange(version, submission_id)


def revoked_change(
    version: int, submission_id: str = SUBMISSION, reason: str = "reassigned"
) -> RevokedChange:
    return RevokedChange(version, submission_id, reason)
