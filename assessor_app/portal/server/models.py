"""The shapes of the HTTP API, for the OpenAPI document (``/api/v1/openapi.json``).

Handlers build their JSON answers themselves (exactly as ``docs/sync-protocol.md`` shows) and
return them as responses; these models describe them, and validate the request bodies.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field


class ErrorBody(BaseModel):
    error: str = Field(description="A stable code, e.g. not_found, unauthenticated")
    message: str = Field(description="One line a person can act on")


class LoginRequest(BaseModel):
    username: str
    password: str
    device: str = Field("", description="A name for the device, shown to administrators")


class UserOut(BaseModel):
    name: str
    role: Literal["assessor", "lead", "admin"]


class PortalOut(BaseModel):
    id: str = Field(description="This portal's id (UUID); clients pin it at the first login")
    epoch: str = Field(description="Changes when the portal is restored from a backup")
    signing_key: str = Field(description="Base64 of the raw 32-byte Ed25519 public key")


class LoginResponse(BaseModel):
    token: str
    user: UserOut
    portal: PortalOut


class CredentialOut(BaseModel):
    id: str
    title: str
    version: str


class BundleOut(BaseModel):
    size: int
    sha256: str


class AssignmentChange(BaseModel):
    type: Literal["assignment"]
    version: int
    submission_id: str
    role: Literal["assessor", "lead"]
    state: Literal["open", "submitted", "revoked"]
    credential: CredentialOut
    due: str | None
    bundle: BundleOut
    released: bool = Field(
        description="A lead's assignment: the two assessors' scores are released (a "
        "`blind_scores` entry of the same version follows). Always false for an assessor."
    )


class JudgmentChange(BaseModel):
    type: Literal["judgment"]
    version: int
    submission_id: str
    target_id: str
    level: str | None = Field(description="null: the judgment was cleared")
    comment: str
    rationale: str = Field(description="The lead's rationale; \"\" for an assessor's judgment")


class SubmittedChange(BaseModel):
    type: Literal["submitted"]
    version: int
    submission_id: str


class RevokedChange(BaseModel):
    type: Literal["revoked"]
    version: int
    submission_id: str
    reason: str


class BlindJudgmentOut(BaseModel):
    target_id: str
    level: str | None
    comment: str
    updated_at: str


class BlindScoresOut(BaseModel):
    assessor: str
    submitted_at: str | None
    judgments: list[BlindJudgmentOut]


class BlindScoresChange(BaseModel):
    """In a lead's feed only: the two assessors' submitted work, ordered by name."""

    type: Literal["blind_scores"]
    version: int
    submission_id: str
    scores: list[BlindScoresOut] = Field(min_length=2, max_length=2)


class IdentityReportChange(BaseModel):
    """In a lead's feed only: an assessor's report that the submission reveals the
    candidate's identity."""

    type: Literal["identity_report"]
    version: int
    submission_id: str
    report_id: int
    reporter: str
    where: str
    note: str
    reported_at: str
    state: Literal["open", "resolved"]


Change = Annotated[
    AssignmentChange
    | JudgmentChange
    | SubmittedChange
    | RevokedChange
    | BlindScoresChange
    | IdentityReportChange,
    Field(discriminator="type"),
]


class ChangesResponse(BaseModel):
    epoch: str
    cursor: int
    more: bool
    reset: bool = Field(description="true: `since` is ahead of the portal; pull again from 0")
    changes: list[Change]


class OpsRequest(BaseModel):
    ops: list[Any] = Field(
        description=(
            "Up to 500 ops, each an object: {op_id (UUID), kind: judge|clear|submit|"
            "report_identity|reassign, submission_id, target_id (judge, clear), level (judge), "
            "comment (judge), rationale (judge, a lead's; optional), base_version (judge, "
            "clear; required), where and note (report_identity), from_user and to_user "
            "(reassign)}. A malformed op is answered `invalid` on its own."
        )
    )


class ServerValue(BaseModel):
    level: str | None
    comment: str
    rationale: str | None = Field(None, description="A lead's own judgment only")
    version: int


class OpResult(BaseModel):
    op_id: str | None
    status: Literal["applied", "unchanged", "conflict", "locked", "forbidden", "invalid"]
    version: int | None = None
    server: ServerValue | None = None
    message: str | None = None


class OpsResponse(BaseModel):
    results: list[OpResult]


class AssessorOut(BaseModel):
    name: str


class AssessorsResponse(BaseModel):
    assessors: list[AssessorOut]
