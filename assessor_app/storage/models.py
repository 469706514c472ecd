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

OUTBOX_KINDS = ("judge", "clear", "submit")


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
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    submission_id: Mapped[str] = mapped_column(ForeignKey("submissions.id"))
    target_id: Mapped[str] = mapped_column(String)
    level: Mapped[str | None] = mapped_column(String)
    comment: Mapped[str] = mapped_column(Text, default="", server_default=text("''"))
    updated_at: Mapped[str] = mapped_column(String)
    revision: Mapped[int] = mapped_column(Integer)


class OutboxRow(Base):
    """A change waiting for the portal's acknowledgement (transactional outbox).

    Written in the same transaction as the change it carries; ``acked_at`` is set in a later
    transaction, after the portal answered. ``op_id`` is the idempotency key the portal stores.
    ``seq`` orders the entries (it only goes up); ``created_at`` is for people only.
    """

    __tablename__ = "outbox"
    __table_args__ = (
        CheckConstraint("kind IN ('judge', 'clear', 'submit')", name="kind"),
        CheckConstraint("attempts >= 0", name="attempts_non_negative"),
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


class PositionRow(Base):
    """Where the assessor left off in a submission (part, target, artifact, page, time)."""

    __tablename__ = "positions"

    submission_id: Mapped[str] = mapped_column(ForeignKey("submissions.id"), primary_key=True)
    position_json: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[str] = mapped_column(String)
