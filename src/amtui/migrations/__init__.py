"""Alembic migrations of the amtui schema (run through :mod:`amtui.schema`)."""
