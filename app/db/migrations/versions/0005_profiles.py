"""One database per profile: the profile's own values, content keys inside the database.

Revision ID: 0005_profiles
Revises: 0004_server_seq_per_actor
Create Date: 2026-12-03

``profile_values`` keeps the profile's secrets (refresh token, device key) and personal
settings; it is safe there because a profile database is encrypted (SQLCipher).
``course_versions.wrapped_key`` holds the content key the store wrapped for this profile's
device: course files are shared between the profiles of a computer, content keys are not
(0.1 kept them in ``.key`` files next to the shared file).

Self-contained on purpose: it must not import the live code, which will move on.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0005_profiles"
down_revision: str | None = "0004_server_seq_per_actor"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "profile_values",
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("value", sa.JSON(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_profile_values")),
    )
    op.add_column("course_versions", sa.Column("wrapped_key", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("course_versions") as batch:
        batch.drop_column("wrapped_key")
    op.drop_table("profile_values")
