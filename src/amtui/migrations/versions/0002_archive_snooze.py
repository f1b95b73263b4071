"""Client archiving, case-insensitive unique client names, snoozed Today items.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24

The client table is rebuilt on SQLite (batch mode: dropping a constraint needs a copy); :func:`amtui.schema.run_alembic` keeps
foreign keys off during the rebuild so contacts, interactions and projects survive it.
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel  # noqa: F401
from alembic import op

import amtui.types

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("client") as batch:
        batch.add_column(sa.Column("archived_at", amtui.types.UTCDateTime(timezone=True), nullable=True))
        batch.drop_constraint("uq_client_name", type_="unique")
    op.create_index("uq_client_name_ci", "client", [sa.text("lower(name)")], unique=True)
    op.create_table(
        "snooze",
        sa.Column("item_key", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("until", sa.Date(), nullable=False),
        sa.Column("created_at", amtui.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("item_key", name=op.f("pk_snooze")),
    )


def downgrade() -> None:
    op.drop_table("snooze")
    op.drop_index("uq_client_name_ci", table_name="client")
    with op.batch_alter_table("client") as batch:
        batch.create_unique_constraint("uq_client_name", ["name"])
        batch.drop_column("archived_at")
