"""Institutions: organisations (with their seat pools and LRS connection), groups, members.

Revision ID: 0005_orgs
Revises: 0004_error_log
Create Date: 2026-12-03 18:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_orgs"
down_revision = "0004_error_log"
branch_labels = None
depends_on = None

_BIGINT_PK = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "organisations",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("lrs_url", sa.String(length=2000), nullable=True),
        sa.Column("lrs_username", sa.String(length=200), nullable=True),
        sa.Column("lrs_password_sealed", sa.LargeBinary(), nullable=True),
        sa.Column("xapi_home_page", sa.String(length=2000), nullable=False),
        sa.Column("xapi_cursor", sa.BigInteger(), nullable=False),
        sa.Column("xapi_failures", sa.Integer(), nullable=False),
        sa.Column("xapi_next_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("xapi_last_error", sa.String(length=500), nullable=False),
        sa.Column("xapi_sent", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisations")),
    )
    op.create_table(
        "organisation_pools",
        sa.Column("pool_id", sa.String(length=32), nullable=False),
        sa.Column("organisation_id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["pool_id"], ["voucher_pools.id"],
            name=op.f("fk_organisation_pools_pool_id_voucher_pools"),
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisations.id"],
            name=op.f("fk_organisation_pools_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("pool_id", name=op.f("pk_organisation_pools")),
    )
    with op.batch_alter_table("organisation_pools", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_organisation_pools_organisation_id"), ["organisation_id"], unique=False
        )
    op.create_table(
        "learner_groups",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("organisation_id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("join_code", sa.String(length=64), nullable=False),
        sa.Column("course_ids", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisations.id"],
            name=op.f("fk_learner_groups_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_learner_groups")),
        sa.UniqueConstraint("join_code", name=op.f("uq_learner_groups_join_code")),
    )
    with op.batch_alter_table("learner_groups", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_learner_groups_organisation_id"), ["organisation_id"], unique=False
        )
    op.create_table(
        "group_members",
        sa.Column("id", _BIGINT_PK, autoincrement=True, nullable=False),
        sa.Column("group_id", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("joined_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"], ["learner_groups.id"],
            name=op.f("fk_group_members_group_id_learner_groups"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_group_members_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_group_members")),
        sa.UniqueConstraint(
            "group_id", "user_id", name=op.f("uq_group_members_group_id_user_id")
        ),
    )
    with op.batch_alter_table("group_members", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_group_members_group_id"), ["group_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_group_members_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("group_members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_group_members_user_id"))
        batch_op.drop_index(batch_op.f("ix_group_members_group_id"))
    op.drop_table("group_members")
    with op.batch_alter_table("learner_groups", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_learner_groups_organisation_id"))
    op.drop_table("learner_groups")
    with op.batch_alter_table("organisation_pools", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_organisation_pools_organisation_id"))
    op.drop_table("organisation_pools")
    op.drop_table("organisations")
