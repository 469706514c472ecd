"""Lead assessors: released scores, rationales, identity reports, and two new op kinds.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-07

Written by hand, like 0002:

- ``judgments``, ``portal_judgments`` and ``conflicts`` gain a text column (a lead's rationale;
  '' for everything already there), added with ``ALTER TABLE ... ADD COLUMN``;
- ``assignments`` gains ``released`` (false for every existing row) with a named CHECK and
  ``released_at``; ``outbox`` takes two more op kinds in its ``kind`` CHECK. SQLite changes
  CHECK constraints only by rebuilding the table, so batch mode copies each from an explicit
  description of its 0002 schema (``copy_from``), never from reflection;
- new tables ``blind_scores`` and ``identity_reports``.

Every existing row is kept as it was.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.schema import SchemaItem

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None

KIND_CHECK_0002 = "kind IN ('judge', 'clear', 'submit')"
KIND_CHECK_0003 = "kind IN ('judge', 'clear', 'submit', 'report_identity', 'reassign')"
OUTBOX_STATUS_CHECK = (
    "status IN ('pending', 'acked', 'conflict', 'locked', 'forbidden', 'invalid', 'superseded')"
)
RATIONALE_TABLES = (("judgments", "rationale"), ("portal_judgments", "rationale"))


def _rationale_column(name: str) -> sa.Column[str]:
    return sa.Column(name, sa.Text(), server_default=sa.text("''"), nullable=False)


# --- explicit table descriptions (the batch copies start from these) --------------------------
def _outbox(kind_check: str) -> sa.Table:
    """``outbox`` of 0002 (``KIND_CHECK_0002``) or of 0003 (``KIND_CHECK_0003``)."""
    return sa.Table(
        "outbox",
        sa.MetaData(),
        sa.Column("op_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("submission_id", sa.String(), nullable=False),
        sa.Column("target_id", sa.String(), nullable=True),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("created_at", sa.String(), nullable=False),
        sa.Column("acked_at", sa.String(), nullable=True),
        sa.Column("attempts", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("status", sa.String(), server_default=sa.text("'pending'"), nullable=False),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("result_version", sa.Integer(), nullable=True),
        sa.CheckConstraint(kind_check, name="ck_outbox_kind"),
        sa.CheckConstraint("attempts >= 0", name="ck_outbox_attempts_non_negative"),
        sa.CheckConstraint(OUTBOX_STATUS_CHECK, name="ck_outbox_status"),
        sa.ForeignKeyConstraint(
            ["submission_id"], ["submissions.id"], name="fk_outbox_submission_id_submissions"
        ),
        sa.PrimaryKeyConstraint("op_id", name="pk_outbox"),
        sa.UniqueConstraint("seq", name="uq_outbox_seq"),
        sa.Index("ix_outbox_submission_id", "submission_id"),
        sa.Index("ix_outbox_status", "status"),
    )


def _assignments(*, with_release: bool) -> sa.Table:
    """``assignments`` of 0002, or of 0003 with ``with_release``."""
    extra: list[SchemaItem] = []
    if with_release:
        extra = [
            sa.Column("released", sa.Boolean(), server_default=sa.text("0"), nullable=False),
            sa.Column("released_at", sa.String(), nullable=True),
            sa.CheckConstraint("released IN (0, 1)", name="ck_assignments_released_bool"),
        ]
    return sa.Table(
        "assignments",
        sa.MetaData(),
        sa.Column("submission_id", sa.String(), nullable=False),
        sa.Column("role", sa.String(), nullable=False),
        sa.Column("state", sa.String(), nullable=False),
        sa.Column("credential_id", sa.String(), nullable=False),
        sa.Column("credential_title", sa.String(), nullable=False),
        sa.Column("credential_version", sa.String(), nullable=False),
        sa.Column("due", sa.String(), nullable=True),
        sa.Column("bundle_size", sa.Integer(), nullable=False),
        sa.Column("bundle_sha256", sa.String(length=64), nullable=False),
        sa.Column(
            "bundle_status", sa.String(), server_default=sa.text("'pending'"), nullable=False
        ),
        sa.Column("bundle_error", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("revoked_reason", sa.String(), nullable=True),
        sa.Column("revoke_acknowledged", sa.Boolean(), server_default=sa.text("0"), nullable=False),
        sa.Column("updated_at", sa.String(), nullable=False),
        sa.CheckConstraint(
            "state IN ('open', 'submitted', 'revoked')", name="ck_assignments_state"
        ),
        sa.CheckConstraint(
            "bundle_status IN ('pending', 'downloading', 'ready', 'failed')",
            name="ck_assignments_bundle_status",
        ),
        sa.CheckConstraint("bundle_size >= 0", name="ck_assignments_bundle_size_non_negative"),
        sa.CheckConstraint(
            "revoke_acknowledged IN (0, 1)", name="ck_assignments_revoke_acknowledged_bool"
        ),
        sa.PrimaryKeyConstraint("submission_id", name="pk_assignments"),
        *extra,
    )


def _judgments_0003() -> sa.Table:
    return sa.Table(
        "judgments",
        sa.MetaData(),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("submission_id", sa.String(), nullable=False),
        sa.Column("target_id", sa.String(), nullable=False),
        sa.Column("level", sa.String(), nullable=True),
        sa.Column("comment", sa.Text(), server_default=sa.text("''"), nullable=False),
        sa.Column("updated_at", sa.String(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("base_version", sa.Integer(), server_default=sa.text("0"), nullable=False),
        _rationale_column("rationale"),
        sa.CheckConstraint("revision >= 1", name="ck_judgments_revision_positive"),
        sa.CheckConstraint("base_version >= 0", name="ck_judgments_base_version_non_negative"),
        sa.ForeignKeyConstraint(
            ["submission_id"], ["submissions.id"], name="fk_judgments_submission_id_submissions"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_judgments"),
        sa.UniqueConstraint(
            "submission_id", "target_id", name="uq_judgments_submission_id_target_id"
        ),
    )


def _portal_judgments_0003() -> sa.Table:
    return sa.Table(
        "portal_judgments",
        sa.MetaData(),
        sa.Column("submission_id", sa.String(), nullable=False),
        sa.Column("target_id", sa.String(), nullable=False),
        sa.Column("level", sa.String(), nullable=True),
        sa.Column("comment", sa.Text(), server_default=sa.text("''"), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        _rationale_column("rationale"),
        sa.CheckConstraint("version >= 0", name="ck_portal_judgments_version_non_negative"),
        sa.PrimaryKeyConstraint("submission_id", "target_id", name="pk_portal_judgments"),
    )


def _conflicts_0003() -> sa.Table:
    return sa.Table(
        "conflicts",
        sa.MetaData(),
        sa.Column("submission_id", sa.String(), nullable=False),
        sa.Column("target_id", sa.String(), nullable=False),
        sa.Column("op_id", sa.String(length=36), nullable=True),
        sa.Column("server_level", sa.String(), nullable=True),
        sa.Column("server_comment", sa.Text(), server_default=sa.text("''"), nullable=False),
        sa.Column("server_version", sa.Integer(), nullable=False),
        sa.Column("detected_at", sa.String(), nullable=False),
        _rationale_column("server_rationale"),
        sa.CheckConstraint("server_version >= 0", name="ck_conflicts_server_version_non_negative"),
        sa.ForeignKeyConstraint(["op_id"], ["outbox.op_id"], name="fk_conflicts_op_id_outbox"),
        sa.ForeignKeyConstraint(
            ["submission_id"], ["submissions.id"], name="fk_conflicts_submission_id_submissions"
        ),
        sa.PrimaryKeyConstraint("submission_id", "target_id", name="pk_conflicts"),
    )


# --- upgrade / downgrade ----------------------------------------------------------------------
def upgrade() -> None:
    for table, column in RATIONALE_TABLES:
        op.add_column(table, _rationale_column(column))
    op.add_column("conflicts", _rationale_column("server_rationale"))

    with op.batch_alter_table(
        "assignments", copy_from=_assignments(with_release=False), recreate="always"
    ) as batch:
        batch.add_column(
            sa.Column("released", sa.Boolean(), server_default=sa.text("0"), nullable=False)
        )
        batch.add_column(sa.Column("released_at", sa.String(), nullable=True))
        batch.create_check_constraint(op.f("ck_assignments_released_bool"), "released IN (0, 1)")

    with op.batch_alter_table(
        "outbox", copy_from=_outbox(KIND_CHECK_0002), recreate="always"
    ) as batch:
        batch.drop_constraint(op.f("ck_outbox_kind"), type_="check")
        batch.create_check_constraint(op.f("ck_outbox_kind"), KIND_CHECK_0003)

    op.create_table(
        "blind_scores",
        sa.Column("submission_id", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("target_id", sa.String(), nullable=False),
        sa.Column("assessor", sa.String(), nullable=False),
        sa.Column("submitted_at", sa.String(), nullable=True),
        sa.Column("level", sa.String(), nullable=True),
        sa.Column("comment", sa.Text(), server_default=sa.text("''"), nullable=False),
        sa.Column("updated_at", sa.String(), server_default=sa.text("''"), nullable=False),
        sa.CheckConstraint("position IN (0, 1)", name=op.f("ck_blind_scores_position")),
        sa.PrimaryKeyConstraint(
            "submission_id", "position", "target_id", name=op.f("pk_blind_scores")
        ),
    )
    op.create_table(
        "identity_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("submission_id", sa.String(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=True),
        sa.Column("reporter", sa.String(), nullable=False),
        sa.Column("where", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("reported_at", sa.String(), nullable=False),
        sa.Column("state", sa.String(), server_default=sa.text("'open'"), nullable=False),
        sa.Column("mine", sa.Boolean(), server_default=sa.text("0"), nullable=False),
        sa.CheckConstraint("state IN ('open', 'resolved')", name=op.f("ck_identity_reports_state")),
        sa.CheckConstraint("mine IN (0, 1)", name=op.f("ck_identity_reports_mine_bool")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_identity_reports")),
        sa.UniqueConstraint("report_id", name=op.f("uq_identity_reports_report_id")),
    )
    op.create_index(
        op.f("ix_identity_reports_submission_id"),
        "identity_reports",
        ["submission_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_identity_reports_submission_id"), table_name="identity_reports")
    op.drop_table("identity_reports")
    op.drop_table("blind_scores")

    # 0002 knows no other op kinds: their entries (and conflicts naming them: none) go.
    op.execute("DELETE FROM outbox WHERE kind IN ('report_identity', 'reassign')")
    with op.batch_alter_table(
        "outbox", copy_from=_outbox(KIND_CHECK_0003), recreate="always"
    ) as batch:
        batch.drop_constraint(op.f("ck_outbox_kind"), type_="check")
        batch.create_check_constraint(op.f("ck_outbox_kind"), KIND_CHECK_0002)

    with op.batch_alter_table(
        "assignments", copy_from=_assignments(with_release=True), recreate="always"
    ) as batch:
        batch.drop_constraint(op.f("ck_assignments_released_bool"), type_="check")
        batch.drop_column("released_at")
        batch.drop_column("released")

    for table, description, column in (
        ("conflicts", _conflicts_0003(), "server_rationale"),
        ("portal_judgments", _portal_judgments_0003(), "rationale"),
        ("judgments", _judgments_0003(), "rationale"),
    ):
        with op.batch_alter_table(table, copy_from=description, recreate="always") as batch:
            batch.drop_column(column)
