"""PAR-index self-assessment: criteria sets, assessments, scores, evidence

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 12:29:12.334485
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table('parindex_sets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('province_code', sa.Integer(), nullable=True),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('sample', sa.Boolean(), nullable=False),
    sa.Column('content', sa.JSON(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('imported_by', sa.Integer(), nullable=True),
    sa.Column('imported_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['imported_by'], ['users.id'], ),
    sa.ForeignKeyConstraint(['province_code'], ['provinces.code'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('province_code', 'year', 'version', name='uq_parindex_sets_version')
    )
    with op.batch_alter_table('parindex_sets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_parindex_sets_province_code'), ['province_code'], unique=False)

    op.create_table('parindex_assessments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('locality_code', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('set_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('draft', 'submitted', 'returned', 'appraised', name='parindex_status', native_enum=False, length=32), nullable=False),
    sa.Column('prefilled_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('submitted_by', sa.Integer(), nullable=True),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('appraised_by', sa.Integer(), nullable=True),
    sa.Column('appraised_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['appraised_by'], ['users.id'], ),
    sa.ForeignKeyConstraint(['locality_code'], ['localities.code'], ),
    sa.ForeignKeyConstraint(['set_id'], ['parindex_sets.id'], ),
    sa.ForeignKeyConstraint(['submitted_by'], ['users.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('locality_code', 'year', name='uq_parindex_assessments_locality_year')
    )
    with op.batch_alter_table('parindex_assessments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_parindex_assessments_locality_code'), ['locality_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_parindex_assessments_year'), ['year'], unique=False)

    op.create_table('parindex_scores',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assessment_id', sa.Integer(), nullable=False),
    sa.Column('criterion_code', sa.String(length=30), nullable=False),
    sa.Column('proposed', sa.Float(), nullable=True),
    sa.Column('source', sa.String(length=100), nullable=True),
    sa.Column('figure', sa.Text(), nullable=True),
    sa.Column('measure', sa.JSON(), nullable=True),
    sa.Column('self_score', sa.Float(), nullable=True),
    sa.Column('self_reason', sa.Text(), nullable=True),
    sa.Column('appraised', sa.Float(), nullable=True),
    sa.Column('appraisal_comment', sa.Text(), nullable=True),
    sa.Column('review', sa.Enum('pending', 'accepted', 'needs_evidence', name='parindex_review', native_enum=False, length=32), nullable=False),
    sa.Column('survey', sa.Float(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['assessment_id'], ['parindex_assessments.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('assessment_id', 'criterion_code', name='uq_parindex_scores_criterion')
    )
    with op.batch_alter_table('parindex_scores', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_parindex_scores_assessment_id'), ['assessment_id'], unique=False)

    op.create_table('parindex_evidence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('score_id', sa.Integer(), nullable=False),
    sa.Column('progress_report_id', sa.Integer(), nullable=True),
    sa.Column('file_path', sa.String(length=1000), nullable=True),
    sa.Column('file_name', sa.String(length=500), nullable=True),
    sa.Column('sha256', sa.String(length=64), nullable=True),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('automatic', sa.Boolean(), nullable=False),
    sa.Column('added_by', sa.Integer(), nullable=True),
    sa.Column('added_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['added_by'], ['users.id'], ),
    sa.ForeignKeyConstraint(['progress_report_id'], ['progress_reports.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['score_id'], ['parindex_scores.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('parindex_evidence', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_parindex_evidence_score_id'), ['score_id'], unique=False)




def downgrade() -> None:

    with op.batch_alter_table('parindex_evidence', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_parindex_evidence_score_id'))

    op.drop_table('parindex_evidence')
    with op.batch_alter_table('parindex_scores', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_parindex_scores_assessment_id'))

    op.drop_table('parindex_scores')
    with op.batch_alter_table('parindex_assessments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_parindex_assessments_year'))
        batch_op.drop_index(batch_op.f('ix_parindex_assessments_locality_code'))

    op.drop_table('parindex_assessments')
    with op.batch_alter_table('parindex_sets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_parindex_sets_province_code'))

    op.drop_table('parindex_sets')

