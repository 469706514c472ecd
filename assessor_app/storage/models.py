"""The tables of a workspace database, as SQLAlchemy 2 typed declarative models.

The schema itself is created and changed only by the Alembic migrations in
``assessor_app/storage/migrations/versions`` (written by hand); these models must describe the
same schema, which ``tests/storage/test_schema_matches_models.py`` checks with Alembic's
``compare_metadata``. A change to a model therefore always comes with a new migration.

Timestamps are UTC ISO 8601 text with a ``Z`` suffix (``2026-11-23T18:42:18.123456Z``); they
are shown to people and kept for the record, and never order anything (``outbox.seq`` and
``judgments.revision`` do).
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# judge / clear / submit change the person's own judgments; report_identity (an assessor saw
# who the candidate is) and reassign (the lead replaces an assessor) change assignments.
OUTBOX_KINDS = ("judge", "clear", "submit", "report_identity", "reassign")
OUTBOX_KIND_CHECK = "kind IN ('judge', 'clear', 'submit', 'report_identity', 'reassign')"
# pending: not answered yet (to send); acked: the portal applied it or already held the value;
# conflict: the portal holds another value, the person chooses; locked / forbidden / invalid:
# not accepted, kept and shown; superseded: replaced by the person's choice in a conflict.
OUTBOX_STATUSES = ("pending", "acked", "conflict", "locked", "forbidden", "invalid", "superseded")
ASSIGNMENT_STATES = ("open", "submitted", "revoked")
BUNDLE_STATUSES = ("pending", "downloading", "ready", "failed")
IDENTITY_REPORT_STATES = ("open", "resolved")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Meta(Base):
    """Key/value facts about the workspace itself (e.g. ``workspace_id``, a random UUID)."""

    __tablename__ = "meta"

    key: Mapped[str] = mapped_column(String, primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class SubmissionRow(Base):
    """One imported, anonymized submission. ``id`` is the bundle's opaque submission id."""

    __tablename__ = "submissions"
    __table_args__ = (
        CheckConstraint("locked IN (0, 1)", name="locked_bool"),
        CheckConstraint("conflict IN (0, 1)", name="conflict_bool"),
    )

    id: Mapped[str] = mapped_column(String, primary_key=True)
    credential_id: Mapped[str] = mapped_column(String)
    credential_title: Mapped[str] = mapped_column(String)
    credential_version: Mapped[str] = mapped_column(String)
    # manifest.json as the reader verified it (manifest_to_json), the source of the rubric.
    manifest_json: Mapped[str] = mapped_column(Text)
    bundle_sha256: Mapped[str] = mapped_column(String(64))
    # Name of the extracted bundle's folder inside <data_dir>/bundles/.
    bundle_dir: Mapped[str] = mapped_column(String, unique=True)
    imported_at: Mapped[str] = mapped_column(String)
    due: Mapped[str | None] = mapped_column(String)
    submitted_at: Mapped[str | None] = mapped_column(String)
    locked: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("0"))
    # Set by sync: the portal withdrew the submission (tombstone in the change feed).
    revoked_at: Mapped[str | None] = mapped_column(String)
    # Set by sync: the portal holds a different value for some judgment; the person decides.
    conflict: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("0"))


class JudgmentRow(Base):
    """The assessor's current judgment of one target (a detail or a judged part).

    A cleared judgment keeps its row with ``level`` NULL so ``revision`` keeps counting up:
    every change (judge or clear) increments it and has exactly one outbox entry.
    """

    __tablename__ = "judgments"
    __table_args__ = (
        UniqueConstraint("submission_id", "target_id"),
        CheckConstraint("revision >= 1", name="revision_positive"),
        CheckConstraint("base_version >= 0", name="base_version_non_negative"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    submission_id: Mapped[str] = mapped_column(ForeignKey("submissions.id"))
    target_id: Mapped[str] = mapped_column(String)
    level: Mapped[str | None] = mapped_column(String)
    comment: Mapped[str] = mapped_column(Text, default="", server_default=text("''"))
    updated_at: Mapped[str] = mapped_column(String)
    revision: Mapped[int] = mapped_column(Integer)
    # The portal's version of this row as the workstation last saw it (0: never seen). A
    # ``judge``/``clear`` op carries it as its ``base_version``.
    base_version: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    # A lead's reason for the final level (why it differs from an assessor's); "" otherwise.
    rationale: Mapped[str] = mapped_column(Text, default="", server_default=text("''"))


class OutboxRow(Base):
    """A change waiting for the portal's acknowledgement (transactional outbox).

    Written in the same transaction as the change it carries; ``acked_at`` is set in a later
    transaction, after the portal answered. ``op_id`` is the idempotency key the portal stores.
    ``seq`` orders the entries (it only goes up); ``created_at`` is for people only.
    """

    __tablename__ = "outbox"
    __table_args__ = (
        CheckConstraint(OUTBOX_KIND_CHECK, name="kind"),
        CheckConstraint("attempts >= 0", name="attempts_non_negative"),
        CheckConstraint(
            "status IN ('pending', 'acked', 'conflict', 'locked', 'forbidden', 'invalid', "
            "'superseded')",
            name="status",
        ),
    )

    op_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, unique=True)
    kind: Mapped[str] = mapped_column(String)
    submission_id: Mapped[str] = mapped_column(ForeignKey("submissions.id"), index=True)
    target_id: Mapped[str | None] = mapped_column(String)
    payload: Mapped[str] = mapped_column(Text)
    created_at: Mapped[str] = mapped_column(String)
    acked_at: Mapped[str | None] = mapped_column(String)
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    # The portal's answer (see OUTBOX_STATUSES); ``message`` is its explanation, for people.
    status: Mapped[str] = mapped_column(
        String, default="pending", server_default=text("'pending'"), index=True
    )
    message: Mapped[str | None] = mapped_column(Text)
    # The row's version the portal answered with (applied / unchanged).
    result_version: Mapped[int | None] = mapped_column(Integer)


class PositionRow(Base):
    """Where the assessor left off in a submission (part, target, artifact, page, time)."""

    __tablename__ = "positions"

    submission_id: Mapped[str] = mapped_column(ForeignKey("submissions.id"), primary_key=True)
    position_json: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[str] = mapped_column(String)


class SyncStateRow(Base):
    """The portal this workspace syncs with (one row, made at the first sign-in).

    ``portal_id`` and ``signing_key`` (base64 of the raw Ed25519 public key) are pinned at the
    first sign-in; ``epoch`` and ``cursor`` say how far the change feed was applied.
    ``resync`` is set while a full re-pull (after an epoch change or a reset) is under way.
    The token is never here: it lives in the OS keyring.
    """

    __tablename__ = "sync_state"
    __table_args__ = (
        CheckConstraint("id = 1", name="single_row"),
        CheckConstraint("cursor >= 0", name="cursor_non_negative"),
        CheckConstraint("resync IN (0, 1)", name="resync_bool"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    server_url: Mapped[str] = mapped_column(String)
    username: Mapped[str] = mapped_column(String)
    portal_id: Mapped[str] = mapped_column(String)
    signing_key: Mapped[str] = mapped_column(String)
    epoch: Mapped[str] = mapped_column(String)
    cursor: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    resync: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("0"))
    pinned_at: Mapped[str] = mapped_column(String)
    last_sync_at: Mapped[str | None] = mapped_column(String)
    last_error: Mapped[str | None] = mapped_column(Text)


class AssignmentRow(Base):
    """A submission the portal assigned to this assessor, as the change feed described it.

    Exists before (and independently of) the submission's bundle being here; ``bundle_status``
    follows the download. A revoked assignment keeps the assessor's own records; its bundle is
    purged when the person acknowledges (``revoke_acknowledged``).
    """

    __tablename__ = "assignments"
    __table_args__ = (
        CheckConstraint("state IN ('open', 'submitted', 'revoked')", name="state"),
        CheckConstraint(
            "bundle_status IN ('pending', 'downloading', 'ready', 'failed')", name="bundle_status"
        ),
        CheckConstraint("bundle_size >= 0", name="bundle_size_non_negative"),
        CheckConstraint("revoke_acknowledged IN (0, 1)", name="revoke_acknowledged_bool"),
        CheckConstraint("released IN (0, 1)", name="released_bool"),
    )

    submission_id: Mapped[str] = mapped_column(String, primary_key=True)
    role: Mapped[str] = mapped_column(String)
    state: Mapped[str] = mapped_column(String)
    credential_id: Mapped[str] = mapped_column(String)
    credential_title: Mapped[str] = mapped_column(String)
    credential_version: Mapped[str] = mapped_column(String)
    due: Mapped[str | None] = mapped_column(String)
    bundle_size: Mapped[int] = mapped_column(Integer)
    bundle_sha256: Mapped[str] = mapped_column(String(64))
    bundle_status: Mapped[str] = mapped_column(
        String, default="pending", server_default=text("'pending'")
    )
    bundle_error: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer)
    revoked_reason: Mapped[str | None] = mapped_column(String)
    revoke_acknowledged: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=text("0")
    )
    updated_at: Mapped[str] = mapped_column(String)
    # A lead's assignment: both assessors submitted, their scores are here (``blind_scores``).
    # Always false for an assessor. ``released_at`` is the portal's time of the release.
    released: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("0"))
    released_at: Mapped[str | None] = mapped_column(String)


class PortalJudgmentRow(Base):
    """The portal's value of one of this assessor's own judgments, as the feed last said.

    A mirror, not the assessor's work: it may name submissions whose bundle is not here yet
    (no foreign key), and it is rebuilt by a full re-pull.
    """

    __tablename__ = "portal_judgments"
    __table_args__ = (CheckConstraint("version >= 0", name="version_non_negative"),)

    submission_id: Mapped[str] = mapped_column(String, primary_key=True)
    target_id: Mapped[str] = mapped_column(String, primary_key=True)
    level: Mapped[str | None] = mapped_column(String)
    comment: Mapped[str] = mapped_column(Text, default="", server_default=text("''"))
    version: Mapped[int] = mapped_column(Integer)
    rationale: Mapped[str] = mapped_column(Text, default="", server_default=text("''"))


class ConflictRow(Base):
    """The portal holds another value for one of the assessor's judgments: both are kept
    (the local one in ``judgments``, the portal's here) until the person chooses.

    ``op_id`` is the op the portal answered ``conflict`` to (NULL when the difference was
    found by a full re-pull)."""

    __tablename__ = "conflicts"
    __table_args__ = (CheckConstraint("server_version >= 0", name="server_version_non_negative"),)

    submission_id: Mapped[str] = mapped_column(ForeignKey("submissions.id"), primary_key=True)
    target_id: Mapped[str] = mapped_column(String, primary_key=True)
    op_id: Mapped[str | None] = mapped_column(String(36), ForeignKey("outbox.op_id"))
    server_level: Mapped[str | None] = mapped_column(String)
    server_comment: Mapped[str] = mapped_column(Text, default="", server_default=text("''"))
    server_version: Mapped[int] = mapped_column(Integer)
    detected_at: Mapped[str] = mapped_column(String)
    server_rationale: Mapped[str] = mapped_column(Text, default="", server_default=text("''"))


class BlindScoreRow(Base):
    """One judgment of one of the two assessors of a submission this person leads, as the
    portal released it (after both submitted). ``position`` 0 and 1 are the assessors in the
    portal's order (by name). Never on an assessor's device; no foreign key (it may arrive
    before the bundle). Replaced whole by each release, deleted when a release is withdrawn.
    """

    __tablename__ = "blind_scores"
    __table_args__ = (CheckConstraint("position IN (0, 1)", name="position"),)

    submission_id: Mapped[str] = mapped_column(String, primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    target_id: Mapped[str] = mapped_column(String, primary_key=True)
    assessor: Mapped[str] = mapped_column(String)
    submitted_at: Mapped[str | None] = mapped_column(String)
    level: Mapped[str | None] = mapped_column(String)
    comment: Mapped[str] = mapped_column(Text, default="", server_default=text("''"))
    updated_at: Mapped[str] = mapped_column(String, default="", server_default=text("''"))


class IdentityReportRow(Base):
    """An assessor's report that a submission reveals who the candidate is.

    ``mine``: filed on this device (``report_id`` NULL: the portal's id is not known here);
    otherwise a report the portal sent to this person as the submission's lead, keyed by the
    portal's ``report_id``. ``where`` says where in the submission (never the identity itself).
    """

    __tablename__ = "identity_reports"
    __table_args__ = (
        CheckConstraint("state IN ('open', 'resolved')", name="state"),
        CheckConstraint("mine IN (0, 1)", name="mine_bool"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    submission_id: Mapped[str] = mapped_column(String, index=True)
    report_id: Mapped[int | None] = mapped_column(Integer, unique=True)
    reporter: Mapped[str] = mapped_column(String)
    where: Mapped[str] = mapped_column(Text)
    note: Mapped[str] = mapped_column(Text)
    reported_at: Mapped[str] = mapped_column(String)
    state: Mapped[str] = mapped_column(String, default="open", server_default=text("'open'"))
    mine: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("0"))
