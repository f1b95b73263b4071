"""Alembic environment: always runs on a connection handed over by :mod:`amtui.schema`."""

from __future__ import annotations

from alembic import context

from amtui import models  # noqa: F401 - registers every table on the metadata
from sqlmodel import SQLModel

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - amtui never runs alembic without a connection
    raise RuntimeError("amtui migrations run through 'amtui db upgrade', not the alembic CLI")

context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
