"""Organisation administrators: accounts that manage one organisation's groups, coaches,
seats and LRS.

Revision ID: 0006_org_admins
Revises: 0006_uploads
Create Date: 2026-12-04 01:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_org_admins"
down_revision = "0006_uploads"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "organisation_admins",
        sa.Column("organisation_id", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisations.id"],
            name=op.f("fk_organisation_admins_organisation_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_organisation_admins_user_id_users")
        ),
        sa.PrimaryKeyConstraint(
            "organisation_id", "user_id", name=op.f("pk_organisation_admins")
        ),
    )
    with op.batch_alter_table("organisation_admins", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_organisation_admins_user_id"), ["user_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("organisation_admins", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_organisation_admins_user_id"))
    op.drop_table("organisation_admins")
