"""Change notification for live refresh (PostgreSQL only).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-07

A statement-level trigger on every workspace table calls ``amtui_notify_change()``, which
``pg_notify``s channel ``amtui_change`` with ``schema.table``; PostgreSQL delivers it at
commit (once per distinct payload per transaction), so a watching app hears every other
session's write. On SQLite this migration does nothing (the app polls ``PRAGMA data_version``).
A later migration that adds a table must add the trigger too (``tests/db/test_change_notify.py``
checks every table has it).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

CHANNEL = "amtui_change"
FUNCTION = f"""
CREATE OR REPLACE FUNCTION amtui_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('{CHANNEL}', TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME);
    RETURN NULL;
END
$$
"""


def _tables() -> list[str]:
    names = sa.inspect(op.get_bind()).get_table_names()
    return sorted(n for n in names if n != "alembic_version")


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(FUNCTION)
    for table in _tables():
        op.execute(f'CREATE TRIGGER amtui_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "{table}" '
                   "FOR EACH STATEMENT EXECUTE FUNCTION amtui_notify_change()")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in _tables():
        op.execute(f'DROP TRIGGER IF EXISTS amtui_change ON "{table}"')
    op.execute("DROP FUNCTION IF EXISTS amtui_notify_change()")
