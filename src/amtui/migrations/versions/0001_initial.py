"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel  # noqa: F401 - autogenerate may emit sqlmodel.sql.sqltypes.AutoString
from alembic import op

import amtui.types  # noqa: F401 - Money and UTCDateTime


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('team_member',
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', amtui.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', amtui.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('discipline', sa.Enum('account', 'strategy', 'creative', 'design', 'copy', 'development', 'media', 'production', 'video', 'other', name='discipline', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('email', sqlmodel.sql.sqltypes.AutoString(length=320), nullable=False),
    sa.Column('weekly_capacity_hours', sa.Float(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.CheckConstraint('weekly_capacity_hours >= 0 AND weekly_capacity_hours <= 168', name=op.f('ck_team_member_capacity_range')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_team_member')),
    sa.UniqueConstraint('name', name=op.f('uq_team_member_name'))
    )
    op.create_table('vendor',
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', amtui.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', amtui.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('service', sa.Enum('photography', 'print', 'video', 'translation', 'freelance', 'illustration', 'audio', 'events', 'other', name='vendor_service', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('contact_name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('email', sqlmodel.sql.sqltypes.AutoString(length=320), nullable=False),
    sa.Column('phone', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('day_rate', amtui.types.Money(), nullable=False),
    sa.Column('notes', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('archived_at', amtui.types.UTCDateTime(timezone=True), nullable=True),
    sa.CheckConstraint('day_rate >= 0', name=op.f('ck_vendor_day_rate_nonneg')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_vendor')),
    sa.UniqueConstraint('name', name=op.f('uq_vendor_name'))
    )
    op.create_table('workspace',
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', amtui.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', amtui.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agency_name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('currency', sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
    sa.Column('variance_threshold_pct', sa.Float(), nullable=False),
    sa.Column('default_cadence_ideal_days', sa.Integer(), nullable=False),
    sa.Column('default_cadence_max_days', sa.Integer(), nullable=False),
    sa.Column('working_days', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('is_demo', sa.Boolean(), nullable=False),
    sa.CheckConstraint('default_cadence_ideal_days >= 1', name=op.f('ck_workspace_cadence_ideal_pos')),
    sa.CheckConstraint('default_cadence_max_days >= default_cadence_ideal_days', name=op.f('ck_workspace_cadence_order')),
    sa.CheckConstraint('id = 1', name=op.f('ck_workspace_single_row')),
    sa.CheckConstraint('variance_threshold_pct >= 0', name=op.f('ck_workspace_variance_nonneg')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_workspace'))
    )
    op.create_table('client',
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', amtui.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', amtui.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('status', sa.Enum('prospect', 'active', 'at_risk', 'paused', 'churned', name='client_status', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('tier', sa.Enum('strategic', 'core', 'standard', name='client_tier', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('industry', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('monthly_retainer', amtui.types.Money(), nullable=False),
    sa.Column('contract_start', sa.Date(), nullable=True),
    sa.Column('renewal_date', sa.Date(), nullable=True),
    sa.Column('cadence_ideal_days', sa.Integer(), nullable=False),
    sa.Column('cadence_max_days', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('notes', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('external_id', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.CheckConstraint('cadence_ideal_days >= 1', name=op.f('ck_client_cadence_ideal_pos')),
    sa.CheckConstraint('cadence_max_days >= cadence_ideal_days', name=op.f('ck_client_cadence_order')),
    sa.CheckConstraint('monthly_retainer >= 0', name=op.f('ck_client_retainer_nonneg')),
    sa.CheckConstraint('renewal_date IS NULL OR contract_start IS NULL OR renewal_date >= contract_start', name=op.f('ck_client_renewal_after_start')),
    sa.ForeignKeyConstraint(['owner_id'], ['team_member.id'], name=op.f('fk_client_owner_id_team_member'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_client')),
    sa.UniqueConstraint('name', name=op.f('uq_client_name')),
    sa.UniqueConstraint('external_id', name=op.f('uq_client_external_id'))
    )
    with op.batch_alter_table('client', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_client_owner_id'), ['owner_id'], unique=False)

    op.create_table('time_off',
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', amtui.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', amtui.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('first_day', sa.Date(), nullable=False),
    sa.Column('last_day', sa.Date(), nullable=False),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.CheckConstraint('last_day >= first_day', name=op.f('ck_time_off_order')),
    sa.ForeignKeyConstraint(['member_id'], ['team_member.id'], name=op.f('fk_time_off_member_id_team_member'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_time_off'))
    )
    with op.batch_alter_table('time_off', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_time_off_member_id_first_day'), ['member_id', 'first_day'], unique=False)

    op.create_table('client_contact',
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', amtui.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', amtui.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('role', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('email', sqlmodel.sql.sqltypes.AutoString(length=320), nullable=False),
    sa.Column('phone', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('is_primary', sa.Boolean(), nullable=False),
    sa.Column('external_id', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('archived_at', amtui.types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['client_id'], ['client.id'], name=op.f('fk_client_contact_client_id_client'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_client_contact')),
    sa.UniqueConstraint('external_id', name=op.f('uq_client_contact_external_id'))
    )
    with op.batch_alter_table('client_contact', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_client_contact_client_id'), ['client_id'], unique=False)

    op.create_table('project',
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', amtui.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', amtui.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('kind', sa.Enum('project', 'retainer', name='project_kind', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('status', sa.Enum('planned', 'active', 'on_hold', 'completed', 'cancelled', name='project_status', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('budget', amtui.types.Money(), nullable=False),
    sa.Column('start_on', sa.Date(), nullable=False),
    sa.Column('end_on', sa.Date(), nullable=False),
    sa.Column('carry_over', sa.Boolean(), nullable=False),
    sa.CheckConstraint('budget >= 0', name=op.f('ck_project_budget_nonneg')),
    sa.CheckConstraint('end_on >= start_on', name=op.f('ck_project_order')),
    sa.ForeignKeyConstraint(['client_id'], ['client.id'], name=op.f('fk_project_client_id_client'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project'))
    )
    with op.batch_alter_table('project', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_project_client_id'), ['client_id'], unique=False)

    op.create_table('booking',
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', amtui.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', amtui.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('vendor_id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('starts_at', amtui.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ends_at', amtui.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('cost', amtui.types.Money(), nullable=False),
    sa.Column('status', sa.Enum('hold_1', 'hold_2', 'confirmed', 'completed', 'cancelled', name='booking_status', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('hold_expires_at', amtui.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('po_reference', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('notes', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.CheckConstraint('cost >= 0', name=op.f('ck_booking_cost_nonneg')),
    sa.CheckConstraint('ends_at >= starts_at', name=op.f('ck_booking_order')),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_booking_project_id_project'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['vendor_id'], ['vendor.id'], name=op.f('fk_booking_vendor_id_vendor'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_booking'))
    )
    with op.batch_alter_table('booking', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_booking_project_id'), ['project_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_booking_status_starts_at'), ['status', 'starts_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_booking_vendor_id_starts_at'), ['vendor_id', 'starts_at'], unique=False)

    op.create_table('change_order',
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', amtui.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', amtui.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('amount', amtui.types.Money(), nullable=False),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('status', sa.Enum('proposed', 'approved', 'rejected', name='change_order_status', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('decided_at', amtui.types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_change_order_project_id_project'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_change_order'))
    )
    with op.batch_alter_table('change_order', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_change_order_project_id'), ['project_id'], unique=False)

    op.create_table('interaction',
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', amtui.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', amtui.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('contact_id', sa.Integer(), nullable=True),
    sa.Column('logged_by_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.Enum('call', 'email', 'meeting', 'message', 'note', name='interaction_kind', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('direction', sa.Enum('inbound', 'outbound', 'internal', name='direction', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('occurred_at', amtui.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('duration_minutes', sa.Integer(), nullable=False),
    sa.Column('summary', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('sentiment', sa.Integer(), nullable=False),
    sa.Column('follow_up_on', sa.Date(), nullable=True),
    sa.Column('follow_up_done', sa.Boolean(), nullable=False),
    sa.Column('external_id', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.CheckConstraint('duration_minutes >= 0', name=op.f('ck_interaction_duration_nonneg')),
    sa.CheckConstraint('sentiment BETWEEN -2 AND 2', name=op.f('ck_interaction_sentiment_range')),
    sa.ForeignKeyConstraint(['client_id'], ['client.id'], name=op.f('fk_interaction_client_id_client'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['contact_id'], ['client_contact.id'], name=op.f('fk_interaction_contact_id_client_contact'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['logged_by_id'], ['team_member.id'], name=op.f('fk_interaction_logged_by_id_team_member'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_interaction')),
    sa.UniqueConstraint('external_id', name=op.f('uq_interaction_external_id'))
    )
    with op.batch_alter_table('interaction', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_interaction_client_id_occurred_at'), ['client_id', 'occurred_at'], unique=False)
        batch_op.create_index('ix_interaction_open_follow_up', ['follow_up_on'], unique=False, sqlite_where=sa.text('follow_up_on IS NOT NULL AND NOT follow_up_done'), postgresql_where=sa.text('follow_up_on IS NOT NULL AND NOT follow_up_done'))

    op.create_table('task',
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', amtui.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', amtui.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('assignee_id', sa.Integer(), nullable=True),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('estimate_hours', sa.Float(), nullable=False),
    sa.Column('start_on', sa.Date(), nullable=True),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('status', sa.Enum('todo', 'doing', 'blocked', 'done', name='task_status', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('priority', sa.Enum('low', 'normal', 'high', 'urgent', name='task_priority', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('completed_at', amtui.types.UTCDateTime(timezone=True), nullable=True),
    sa.CheckConstraint('estimate_hours >= 0', name=op.f('ck_task_estimate_nonneg')),
    sa.CheckConstraint('start_on IS NULL OR due_on IS NULL OR due_on >= start_on', name=op.f('ck_task_order')),
    sa.ForeignKeyConstraint(['assignee_id'], ['team_member.id'], name=op.f('fk_task_assignee_id_team_member'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_task_project_id_project'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_task'))
    )
    with op.batch_alter_table('task', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_task_assignee_id_due_on'), ['assignee_id', 'due_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_task_project_id'), ['project_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_task_status_due_on'), ['status', 'due_on'], unique=False)

    op.create_table('spend',
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', amtui.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', amtui.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('booking_id', sa.Integer(), nullable=True),
    sa.Column('spent_on', sa.Date(), nullable=False),
    sa.Column('amount', amtui.types.Money(), nullable=False),
    sa.Column('category', sa.Enum('labour', 'vendor', 'media', 'other', name='spend_category', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.CheckConstraint('amount >= 0', name=op.f('ck_spend_amount_nonneg')),
    sa.ForeignKeyConstraint(['booking_id'], ['booking.id'], name=op.f('fk_spend_booking_id_booking'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_spend_project_id_project'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_spend')),
    sa.UniqueConstraint('booking_id', name=op.f('uq_spend_booking_id'))
    )
    with op.batch_alter_table('spend', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_spend_project_id_spent_on'), ['project_id', 'spent_on'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('spend', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_spend_project_id_spent_on'))

    op.drop_table('spend')
    with op.batch_alter_table('task', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_task_status_due_on'))
        batch_op.drop_index(batch_op.f('ix_task_project_id'))
        batch_op.drop_index(batch_op.f('ix_task_assignee_id_due_on'))

    op.drop_table('task')
    with op.batch_alter_table('interaction', schema=None) as batch_op:
        batch_op.drop_index('ix_interaction_open_follow_up', sqlite_where=sa.text('follow_up_on IS NOT NULL AND NOT follow_up_done'), postgresql_where=sa.text('follow_up_on IS NOT NULL AND NOT follow_up_done'))
        batch_op.drop_index(batch_op.f('ix_interaction_client_id_occurred_at'))

    op.drop_table('interaction')
    with op.batch_alter_table('change_order', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_change_order_project_id'))

    op.drop_table('change_order')
    with op.batch_alter_table('booking', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_booking_vendor_id_starts_at'))
        batch_op.drop_index(batch_op.f('ix_booking_status_starts_at'))
        batch_op.drop_index(batch_op.f('ix_booking_project_id'))

    op.drop_table('booking')
    with op.batch_alter_table('project', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_project_client_id'))

    op.drop_table('project')
    with op.batch_alter_table('client_contact', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_client_contact_client_id'))

    op.drop_table('client_contact')
    with op.batch_alter_table('time_off', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_time_off_member_id_first_day'))

    op.drop_table('time_off')
    with op.batch_alter_table('client', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_client_owner_id'))

    op.drop_table('client')
    op.drop_table('workspace')
    op.drop_table('vendor')
    op.drop_table('team_member')
