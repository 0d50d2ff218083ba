"""audit_events cannot be emptied with TRUNCATE on PostgreSQL either

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03

Row triggers (0002) guard UPDATE and DELETE; TRUNCATE fires only statement triggers. SQLite has no
TRUNCATE (its `DELETE FROM audit_events` is caught by the 0002 trigger).
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events "
            "FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_truncate ON audit_events")
