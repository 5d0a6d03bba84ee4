"""The learner's own ratings and reviews (offline first), and the catalog's rating figures.

Revision ID: 0006_reviews
Revises: 0005_profiles
Create Date: 2026-12-03

``my_reviews`` holds one row per course the learner rated, with its sync state (pending,
synced, refused by the store); ``courses.rating_average``/``rating_count`` keep the store's
figures from the catalog so the recommender and the library can use them offline.

Self-contained on purpose: it must not import the live code, which will move on.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0006_reviews"
down_revision: str | None = "0005_profiles"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "my_reviews",
        sa.Column("course_id", sa.String(), nullable=False),
        sa.Column("rating", sa.Integer(), nullable=True),
        sa.Column("state", sa.String(), server_default="pending", nullable=False),
        sa.Column("revision", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.Column("hidden", sa.Boolean(), server_default=sa.text("0"), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("text", sa.Text(), server_default=sa.text("''"), nullable=False),
        sa.CheckConstraint(
            "rating IS NULL OR rating BETWEEN 1 AND 5", name=op.f("ck_my_reviews_rating")
        ),
        sa.CheckConstraint(
            "state IN ('pending', 'synced', 'refused')", name=op.f("ck_my_reviews_state")
        ),
        sa.PrimaryKeyConstraint("course_id", name=op.f("pk_my_reviews")),
    )
    op.add_column("courses", sa.Column("rating_average", sa.Float(), nullable=True))
    op.add_column(
        "courses",
        sa.Column("rating_count", sa.Integer(), server_default=sa.text("0"), nullable=False),
    )


def downgrade() -> None:
    with op.batch_alter_table("courses") as batch:
        batch.drop_column("rating_count")
        batch.drop_column("rating_average")
    op.drop_table("my_reviews")
