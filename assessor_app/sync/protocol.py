"""The sync protocol's messages (``docs/sync-protocol.md``), as typed values, and the strict
parsers that turn the portal's JSON into them.

Pure Python: no HTTP, no database. The workspace takes these values
(:meth:`~assessor_app.workspace.Workspace.apply_changes`,
:meth:`~assessor_app.workspace.Workspace.record_op_results`); the client
(:mod:`assessor_app.sync.client`) makes them from the portal's answers. Every parser raises
:class:`ProtocolViolation` on anything but the documented shape; the client treats that like
a 502 ("the portal answered something unexpected").
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

API_PREFIX = "/api/v1"
MAX_OPS_PER_REQUEST = 500
MAX_FEED_LIMIT = 2000
SIGNING_KEY_BYTES = 32
MAX_RATIONALE_CHARS = 20_000
MAX_REPORT_WHERE_CHARS = 500
MAX_REPORT_NOTE_CHARS = 5_000
BLIND_ASSESSORS = 2  # a released submission has exactly two assessors' scores

_SHA256_HEX = re.compile(r"[0-9a-f]{64}")


class ProtocolViolation(ValueError):
    """The portal's answer is not the JSON the protocol describes."""


class OpStatus(StrEnum):
    APPLIED = "applied"
    UNCHANGED = "unchanged"
    CONFLICT = "conflict"
    LOCKED = "locked"
    FORBIDDEN = "forbidden"
    INVALID = "invalid"


#: Answers after which the op is acknowledged (the portal holds its value).
ACKNOWLEDGED = frozenset({OpStatus.APPLIED, OpStatus.UNCHANGED})
#: Answers that leave the op in the visible "not accepted" list.
NOT_ACCEPTED = frozenset({OpStatus.LOCKED, OpStatus.FORBIDDEN, OpStatus.INVALID})


class AssignmentState(StrEnum):
    OPEN = "open"
    SUBMITTED = "submitted"
    REVOKED = "revoked"


class OpKind(StrEnum):
    JUDGE = "judge"
    CLEAR = "clear"
    SUBMIT = "submit"
    REPORT_IDENTITY = "report_identity"  # an assessor: the submission reveals the candidate
    REASSIGN = "reassign"  # the lead: replace one assessor with another


class ReportState(StrEnum):
    OPEN = "open"
    RESOLVED = "resolved"


@dataclass(frozen=True)
class LoginResult:
    token: str
    username: str
    role: str
    portal_id: str
    epoch: str
    signing_key: str  # base64 of the raw 32-byte Ed25519 public key

    @property
    def signing_key_raw(self) -> bytes:
        return decode_signing_key(self.signing_key)


@dataclass(frozen=True)
class AssignmentChange:
    version: int
    submission_id: str
    role: str
    state: AssignmentState
    credential_id: str
    credential_title: str
    credential_version: str
    due: str | None
    bundle_size: int
    bundle_sha256: str
    # A lead's assignment: the two assessors' scores are released (a ``blind_scores`` entry
    # follows at the same version). Always false for an assessor, and from an older portal.
    released: bool = False
    released_at: str | None = None  # when the portal says (optional field)


@dataclass(frozen=True)
class JudgmentChange:
    """One of the caller's own judgments; ``level`` None is a cleared judgment."""

    version: int
    submission_id: str
    target_id: str
    level: str | None
    comment: str
    rationale: str = ""  # a lead's reason for the level ("" for assessors)


@dataclass(frozen=True)
class SubmittedChange:
    version: int
    submission_id: str


@dataclass(frozen=True)
class RevokedChange:
    version: int
    submission_id: str
    reason: str


@dataclass(frozen=True)
class BlindJudgmentEntry:
    target_id: str
    level: str | None
    comment: str
    updated_at: str


@dataclass(frozen=True)
class BlindScoresEntry:
    """One assessor's submitted judgments, as released to the submission's lead."""

    assessor: str
    submitted_at: str | None
    judgments: tuple[BlindJudgmentEntry, ...]


@dataclass(frozen=True)
class BlindScoresChange:
    """Both assessors' scores of a submission the caller leads (exactly two, by name)."""

    version: int
    submission_id: str
    scores: tuple[BlindScoresEntry, BlindScoresEntry]


@dataclass(frozen=True)
class IdentityReportChange:
    """An assessor reported that a submission the caller leads reveals the candidate."""

    version: int
    submission_id: str
    report_id: int
    reporter: str
    where: str
    note: str
    reported_at: str
    state: ReportState


Change = (
    AssignmentChange
    | JudgmentChange
    | SubmittedChange
    | RevokedChange
    | BlindScoresChange
    | IdentityReportChange
)


@dataclass(frozen=True)
class ChangesPage:
    epoch: str
    cursor: int
    more: bool
    reset: bool
    changes: tuple[Change, ...]
    skipped: int = 0  # changes of a type this client does not know (ignored)


@dataclass(frozen=True)
class ServerValue:
    """The portal's value of a row, sent with a ``conflict`` answer."""

    level: str | None
    comment: str
    version: int
    rationale: str = ""  # a lead's judgment's rationale, when the portal sends it


@dataclass(frozen=True)
class OpResult:
    op_id: str
    status: OpStatus
    version: int | None = None
    server: ServerValue | None = None
    message: str | None = None


@dataclass(frozen=True)
class ErrorBody:
    error: str
    message: str


# --- helpers --------------------------------------------------------------------------------------
def decode_signing_key(text: str) -> bytes:
    """The raw key from its base64 text; :class:`ProtocolViolation` unless it is 32 bytes."""
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise ProtocolViolation("the portal's signing key is not base64") from None
    if len(raw) != SIGNING_KEY_BYTES:
        raise ProtocolViolation(
            f"the portal's signing key has {len(raw)} bytes, not {SIGNING_KEY_BYTES}"
        )
    return raw


def _obj(value: object, what: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise ProtocolViolation(f"{what} is not a JSON object")
    return value


def _str(obj: Mapping[str, Any], key: str, what: str, *, empty: bool = False) -> str:
    value = obj.get(key)
    if not isinstance(value, str) or (not empty and not value):
        raise ProtocolViolation(f"{what}: {key!r} is missing or not a non-empty string")
    return value


def _opt_str(obj: Mapping[str, Any], key: str, what: str) -> str | None:
    value = obj.get(key)
    if value is not None and not isinstance(value, str):
        raise ProtocolViolation(f"{what}: {key!r} is not a string or null")
    return value


def _int(obj: Mapping[str, Any], key: str, what: str) -> int:
    value = obj.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ProtocolViolation(f"{what}: {key!r} is missing or not a non-negative integer")
    return value


def _bool(obj: Mapping[str, Any], key: str, what: str, default: bool | None = None) -> bool:
    value = obj.get(key, default)
    if not isinstance(value, bool):
        raise ProtocolViolation(f"{what}: {key!r} is missing or not true/false")
    return value


def _text(obj: Mapping[str, Any], key: str, what: str, *, limit: int | None = None) -> str:
    """An optional free-text field: absent or null is "", anything but a string is refused."""
    value = obj.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ProtocolViolation(f"{what}: {key!r} is not a string")
    if limit is not None and len(value) > limit:
        raise ProtocolViolation(f"{what}: {key!r} is longer than {limit} characters")
    return value


def _blind_scores(obj: Mapping[str, Any], what: str) -> tuple[BlindScoresEntry, BlindScoresEntry]:
    raw_scores = obj.get("scores")
    if not isinstance(raw_scores, list) or len(raw_scores) != BLIND_ASSESSORS:
        raise ProtocolViolation(f"{what}: 'scores' is not a list of {BLIND_ASSESSORS} assessors")
    entries: list[BlindScoresEntry] = []
    for i, raw in enumerate(raw_scores):
        swhat = f"{what} scores[{i}]"
        score = _obj(raw, swhat)
        raw_judgments = score.get("judgments")
        if not isinstance(raw_judgments, list):
            raise ProtocolViolation(f"{swhat}: 'judgments' is not a list")
        judgments: list[BlindJudgmentEntry] = []
        seen: set[str] = set()
        for k, raw_j in enumerate(raw_judgments):
            jwhat = f"{swhat} judgments[{k}]"
            j = _obj(raw_j, jwhat)
            target = _str(j, "target_id", jwhat)
            if target in seen:
                raise ProtocolViolation(f"{jwhat}: target {target!r} appears twice")
            seen.add(target)
            judgments.append(
                BlindJudgmentEntry(
                    target_id=target,
                    level=_opt_str(j, "level", jwhat),
                    comment=_text(j, "comment", jwhat),
                    updated_at=_opt_str(j, "updated_at", jwhat) or "",
                )
            )
        entries.append(
            BlindScoresEntry(
                assessor=_str(score, "assessor", swhat),
                submitted_at=_opt_str(score, "submitted_at", swhat),
                judgments=tuple(judgments),
            )
        )
    if entries[0].assessor == entries[1].assessor:
        raise ProtocolViolation(f"{what}: both scores are by {entries[0].assessor!r}")
    return entries[0], entries[1]


# --- parsers --------------------------------------------------------------------------------------
def parse_error(body: object) -> ErrorBody | None:
    """The documented error body, or None when the body is something else."""
    if not isinstance(body, dict):
        return None
    error, message = body.get("error"), body.get("message", "")
    if not isinstance(error, str) or not isinstance(message, str):
        return None
    return ErrorBody(error, message)


def parse_login(body: object) -> LoginResult:
    what = "login answer"
    obj = _obj(body, what)
    user = _obj(obj.get("user"), f"{what} 'user'")
    portal = _obj(obj.get("portal"), f"{what} 'portal'")
    key = _str(portal, "signing_key", what)
    decode_signing_key(key)
    return LoginResult(
        token=_str(obj, "token", what),
        username=_str(user, "name", what),
        role=_str(user, "role", what),
        portal_id=_str(portal, "id", what),
        epoch=_str(portal, "epoch", what),
        signing_key=key,
    )


def _parse_change(raw: object, index: int) -> Change | None:
    what = f"change {index}"
    obj = _obj(raw, what)
    kind = _str(obj, "type", what)
    version = _int(obj, "version", what)
    submission_id = _str(obj, "submission_id", what)
    if kind == "assignment":
        state = _str(obj, "state", what)
        if state not in {s.value for s in AssignmentState}:
            raise ProtocolViolation(f"{what}: unknown assignment state {state!r}")
        credential = _obj(obj.get("credential"), f"{what} 'credential'")
        bundle = _obj(obj.get("bundle"), f"{what} 'bundle'")
        sha = _str(bundle, "sha256", what)
        if not _SHA256_HEX.fullmatch(sha):
            raise ProtocolViolation(f"{what}: bundle sha256 is not 64 lowercase hex digits")
        return AssignmentChange(
            version=version,
            submission_id=submission_id,
            role=_str(obj, "role", what),
            state=AssignmentState(state),
            credential_id=_str(credential, "id", what),
            credential_title=_str(credential, "title", what, empty=True),
            credential_version=_str(credential, "version", what, empty=True),
            due=_opt_str(obj, "due", what),
            bundle_size=_int(bundle, "size", what),
            bundle_sha256=sha,
            released=_bool(obj, "released", what, default=False),
            released_at=_opt_str(obj, "released_at", what),
        )
    if kind == "judgment":
        return JudgmentChange(
            version=version,
            submission_id=submission_id,
            target_id=_str(obj, "target_id", what),
            level=_opt_str(obj, "level", what),
            comment=_text(obj, "comment", what),
            rationale=_text(obj, "rationale", what),
        )
    if kind == "blind_scores":
        return BlindScoresChange(
            version=version, submission_id=submission_id, scores=_blind_scores(obj, what)
        )
    if kind == "identity_report":
        state = _str(obj, "state", what)
        if state not in {s.value for s in ReportState}:
            raise ProtocolViolation(f"{what}: unknown identity report state {state!r}")
        return IdentityReportChange(
            version=version,
            submission_id=submission_id,
            report_id=_int(obj, "report_id", what),
            reporter=_str(obj, "reporter", what),
            where=_text(obj, "where", what),
            note=_text(obj, "note", what),
            reported_at=_str(obj, "reported_at", what),
            state=ReportState(state),
        )
    if kind == "submitted":
        return SubmittedChange(version=version, submission_id=submission_id)
    if kind == "revoked":
        reason = _opt_str(obj, "reason", what) or ""
        return RevokedChange(version=version, submission_id=submission_id, reason=reason)
    return None  # a newer portal's change type: skipped, counted


def parse_changes(body: object) -> ChangesPage:
    what = "change feed"
    obj = _obj(body, what)
    raw_changes = obj.get("changes")
    if not isinstance(raw_changes, list):
        raise ProtocolViolation(f"{what}: 'changes' is not a list")
    changes: list[Change] = []
    skipped = 0
    for index, raw in enumerate(raw_changes):
        change = _parse_change(raw, index)
        if change is None:
            skipped += 1
        else:
            changes.append(change)
    return ChangesPage(
        epoch=_str(obj, "epoch", what),
        cursor=_int(obj, "cursor", what),
        more=_bool(obj, "more", what),
        reset=_bool(obj, "reset", what, default=False),
        changes=tuple(changes),
        skipped=skipped,
    )


def parse_op_results(body: object, sent: Sequence[str]) -> list[OpResult]:
    """The answers to the ops ``sent`` (their op ids, in order): exactly one each."""
    what = "ops answer"
    obj = _obj(body, what)
    raw_results = obj.get("results")
    if not isinstance(raw_results, list):
        raise ProtocolViolation(f"{what}: 'results' is not a list")
    results: list[OpResult] = []
    for index, raw in enumerate(raw_results):
        rwhat = f"result {index}"
        r = _obj(raw, rwhat)
        status_text = _str(r, "status", rwhat)
        try:
            status = OpStatus(status_text)
        except ValueError:
            raise ProtocolViolation(f"{rwhat}: unknown status {status_text!r}") from None
        version: int | None = None
        server: ServerValue | None = None
        if status in ACKNOWLEDGED:
            version = _int(r, "version", rwhat)
        elif status is OpStatus.CONFLICT:
            s = _obj(r.get("server"), f"{rwhat} 'server'")
            server = ServerValue(
                level=_opt_str(s, "level", rwhat),
                comment=_text(s, "comment", f"{rwhat} server"),
                version=_int(s, "version", rwhat),
                rationale=_text(s, "rationale", f"{rwhat} server"),
            )
        results.append(
            OpResult(
                op_id=_str(r, "op_id", rwhat),
                status=status,
                version=version,
                server=server,
                message=_opt_str(r, "message", rwhat),
            )
        )
    got = [r.op_id for r in results]
    if sorted(got) != sorted(sent) or len(set(got)) != len(got):
        raise ProtocolViolation(f"{what}: the results do not answer exactly the ops sent")
    return results


def parse_assessors(body: object) -> list[str]:
    """``GET /api/v1/assessors``: the names of the enabled assessors, as the portal sorts them."""
    what = "assessors answer"
    obj = _obj(body, what)
    raw = obj.get("assessors")
    if not isinstance(raw, list):
        raise ProtocolViolation(f"{what}: 'assessors' is not a list")
    return [_str(_obj(item, f"{what} [{i}]"), "name", what) for i, item in enumerate(raw)]
