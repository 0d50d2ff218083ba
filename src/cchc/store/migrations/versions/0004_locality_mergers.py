"""locality_mergers: former communes and their successors

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "locality_mergers",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("predecessor_code", sa.Integer(), nullable=False),
        sa.Column("predecessor_name", sa.String(200), nullable=False),
        sa.Column("predecessor_kind", sa.String(50), nullable=True),
        sa.Column("predecessor_district", sa.String(200), nullable=True),
        sa.Column("successor_code", sa.Integer(), sa.ForeignKey("localities.code"), nullable=False),
        sa.Column("effective_on", sa.Date(), nullable=False),
        sa.Column("source", sa.String(300), nullable=True),
        sa.UniqueConstraint("predecessor_code", "successor_code", name="uq_locality_mergers_pair"),
    )
    op.create_index("ix_locality_mergers_predecessor_code", "locality_mergers", ["predecessor_code"])
    op.create_index("ix_locality_mergers_successor_code", "locality_mergers", ["successor_code"])


def downgrade() -> None:
    op.drop_table("locality_mergers")
