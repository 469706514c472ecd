"""Reading one op of ``POST /api/v1/ops``: its fields checked, and the hash of its payload.

Kinds: ``judge``, ``clear``, ``submit`` (everyone on their own assignment),
``report_identity`` (an assessor) and ``reassign`` (the submission's lead). A malformed op
raises :class:`InvalidOp` with a message the client shows.

The payload hash decides whether a replayed op id carries the same op. It covers ``kind``,
``submission_id``, ``target_id``, ``level``, ``comment`` (judge) and ``base_version`` (judge,
clear) as in protocol v1, plus, only when present, the newer fields: a non-empty
``rationale`` (judge), ``where`` and ``note`` (report_identity), ``from_user`` and
``to_user`` (reassign). An op without them hashes as it did in v1, so op ids stored before
the upgrade still replay.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from assessor_app.portal.server.identity_reports import MAX_NOTE_CHARS, MAX_WHERE_CHARS
from assessor_app.portal.server.users import USER_NAME

KINDS = ("judge", "clear", "submit", "report_identity", "reassign")
NEEDS_BASE = ("judge", "clear")
ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
MAX_VERSION = 2**63 - 1
MAX_RATIONALE_CHARS = 20_000


class InvalidOp(Exception):
    """The op is malformed; the message says how."""


def missing_base_version(ops: Sequence[object]) -> bool:
    """True when a judge or clear op lacks ``base_version`` (the request answers 428)."""
    return any(
        isinstance(op, dict) and op.get("kind") in NEEDS_BASE and op.get("base_version") is None
        for op in ops
    )


@dataclass(frozen=True)
class ParsedOp:
    op_id: str  # canonical (lowercase) UUID
    kind: str
    submission_id: str
    target_id: str | None = None
    level: str | None = None
    comment: str = ""
    base_version: int | None = None
    rationale: str = ""
    where: str = ""
    note: str = ""
    from_user: str = ""
    to_user: str = ""

    def payload_hash(self) -> str:
        payload: dict[str, Any] = {
            "kind": self.kind,
            "submission_id": self.submission_id,
            "target_id": self.target_id,
            "level": self.level,
            "comment": self.comment if self.kind == "judge" else None,
            "base_version": self.base_version if self.kind in NEEDS_BASE else None,
        }
        if self.kind == "judge" and self.rationale:
            payload["rationale"] = self.rationale
        if self.kind == "report_identity":
            payload["where"], payload["note"] = self.where, self.note
        if self.kind == "reassign":
            payload["from_user"], payload["to_user"] = self.from_user, self.to_user
        text = json.dumps(payload, sort_keys=True, ensure_ascii=True, separators=(",", ":"))
        return hashlib.sha256(text.encode("ascii")).hexdigest()


def encodable(text: str) -> bool:
    """No NUL and no lone surrogate (JSON's ``\\ud800``): storable on every database."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return "\x00" not in text


def _text(value: object, name: str, limit: int | None = None) -> str:
    if not isinstance(value, str):
        raise InvalidOp(f"{name} must be a string")
    if limit is not None and len(value) > limit:
        raise InvalidOp(f"the {name} is longer than {limit:,} characters")
    if not encodable(value):
        raise InvalidOp(f"the {name} holds a NUL character or a lone surrogate")
    return value


def _ident(value: object, name: str) -> str:
    text = _text(value, name)
    if not ID.fullmatch(text):
        raise InvalidOp(f"{name} is not a valid id")
    return text


def _user(value: object, name: str) -> str:
    text = _text(value, name)
    if not USER_NAME.fullmatch(text):
        raise InvalidOp(f"{name} is not a user name")
    return text


def _base(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_VERSION:
        raise InvalidOp("base_version must be a whole number of at least 0")
    return value


def parse_op(op: dict[str, Any], max_comment_chars: int) -> ParsedOp:
    raw_id = op.get("op_id")
    if not isinstance(raw_id, str) or not UUID.fullmatch(raw_id):
        raise InvalidOp("op_id must be a UUID")
    op_id = str(uuid.UUID(raw_id))
    kind = op.get("kind")
    if kind not in KINDS:
        raise InvalidOp(
            f"unknown op kind {str(kind)[:20]!r}: use judge, clear, submit, report_identity "
            "or reassign"
        )
    submission_id = _ident(op.get("submission_id"), "submission_id")
    if kind == "submit":
        return ParsedOp(op_id, kind, submission_id)
    if kind == "clear":
        target = _ident(op.get("target_id"), "target_id")
        return ParsedOp(
            op_id, kind, submission_id, target, base_version=_base(op.get("base_version"))
        )
    if kind == "judge":
        target = _ident(op.get("target_id"), "target_id")
        base = _base(op.get("base_version"))
        level_value = op.get("level")
        if level_value is None:
            raise InvalidOp("a judge op needs a level (use clear to remove a judgment)")
        if not isinstance(level_value, str):
            raise InvalidOp("level must be a string")
        level = _ident(level_value, "level")
        comment = _text(op.get("comment", ""), "comment", max_comment_chars)
        rationale_value = op.get("rationale", "")
        rationale = _text(
            "" if rationale_value is None else rationale_value, "rationale", MAX_RATIONALE_CHARS
        )
        return ParsedOp(
            op_id, kind, submission_id, target, level, comment, base, rationale=rationale
        )
    if kind == "report_identity":
        where = _text(op.get("where", ""), "where", MAX_WHERE_CHARS)
        note = _text(op.get("note", ""), "note", MAX_NOTE_CHARS)
        if not where.strip() and not note.strip():
            raise InvalidOp("an identity report needs where the candidate is revealed, or a note")
        return ParsedOp(op_id, kind, submission_id, where=where, note=note)
    from_user = _user(op.get("from_user"), "from_user")
    to_user = _user(op.get("to_user"), "to_user")
    if from_user == to_user:
        raise InvalidOp("from_user and to_user are the same person")
    return ParsedOp(op_id, kind, submission_id, from_user=from_user, to_user=to_user)


def echo_op_id(op: object) -> object:
    """The op id as the client sent it, for answers about ops that could not be parsed."""
    if isinstance(op, dict):
        value = op.get("op_id")
        if isinstance(value, str) and len(value) <= 100 and encodable(value):
            return value
    return None
