"""conformance: parent plans, plan links, task match decisions, plan amendments and versions

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "parent_plans",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("level", sa.String(20), nullable=False),
        sa.Column("province_code", sa.Integer(), sa.ForeignKey("provinces.code"), nullable=True),
        sa.Column("number", sa.String(100), nullable=True),
        sa.Column("issued_on", sa.Date(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("issuer", sa.String(300), nullable=True),
        sa.Column("decision_number", sa.String(100), nullable=True),
        sa.Column("decision_issued_on", sa.Date(), nullable=True),
        sa.Column("period_start", sa.Date(), nullable=True),
        sa.Column("period_end", sa.Date(), nullable=True),
        sa.Column("source_name", sa.String(500), nullable=True),
        sa.Column("source_sha256", sa.String(64), nullable=True),
        sa.Column("source_path", sa.String(1000), nullable=True),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.Column("created_by", sa.Integer(), sa.ForeignKey("users.id"), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_parent_plans_province_code", "parent_plans", ["province_code"])
    op.create_table(
        "plan_links",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("plan_id", sa.Integer(), sa.ForeignKey("plans.id", ondelete="CASCADE"), nullable=False),
        sa.Column("parent_plan_id", sa.Integer(), sa.ForeignKey("parent_plans.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("created_by", sa.Integer(), sa.ForeignKey("users.id"), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("plan_id", "parent_plan_id", name="uq_plan_links_pair"),
    )
    op.create_index("ix_plan_links_plan_id", "plan_links", ["plan_id"])
    op.create_index("ix_plan_links_parent_plan_id", "plan_links", ["parent_plan_id"])
    op.create_table(
        "task_match_decisions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("plan_id", sa.Integer(), sa.ForeignKey("plans.id", ondelete="CASCADE"), nullable=False),
        sa.Column("parent_plan_id", sa.Integer(), sa.ForeignKey("parent_plans.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("parent_key", sa.String(50), nullable=False),
        sa.Column("task_id", sa.Integer(), sa.ForeignKey("tasks.id", ondelete="CASCADE"), nullable=False),
        sa.Column("confirmed", sa.Boolean(), nullable=False),
        sa.Column("decided_by", sa.Integer(), sa.ForeignKey("users.id"), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("plan_id", "parent_key", "task_id", name="uq_task_match_decision"),
    )
    op.create_index("ix_task_match_decisions_plan_id", "task_match_decisions", ["plan_id"])
    op.create_table(
        "plan_amendments",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("plan_id", sa.Integer(), sa.ForeignKey("plans.id", ondelete="CASCADE"), nullable=False),
        sa.Column("number", sa.String(100), nullable=True),
        sa.Column("issued_on", sa.Date(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("mode", sa.String(20), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("source_name", sa.String(500), nullable=True),
        sa.Column("source_sha256", sa.String(64), nullable=True),
        sa.Column("source_path", sa.String(1000), nullable=True),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.Column("proposed", sa.JSON(), nullable=False),
        sa.Column("diff", sa.JSON(), nullable=False),
        sa.Column("created_by", sa.Integer(), sa.ForeignKey("users.id"), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_by", sa.Integer(), sa.ForeignKey("users.id"), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_plan_amendments_plan_id", "plan_amendments", ["plan_id"])
    op.create_table(
        "plan_versions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("plan_id", sa.Integer(), sa.ForeignKey("plans.id", ondelete="CASCADE"), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("amendment_id", sa.Integer(), sa.ForeignKey("plan_amendments.id", ondelete="SET NULL"),
                  nullable=True),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("created_by", sa.Integer(), sa.ForeignKey("users.id"), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("plan_id", "seq", name="uq_plan_versions_seq"),
    )
    op.create_index("ix_plan_versions_plan_id", "plan_versions", ["plan_id"])


def downgrade() -> None:
    op.drop_table("plan_versions")
    op.drop_table("plan_amendments")
    op.drop_table("task_match_decisions")
    op.drop_table("plan_links")
    op.drop_table("parent_plans")
