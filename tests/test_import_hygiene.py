"""rules/ stays pure and services/ stays free of Textual (DESIGN.md: imports flow one way)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "amtui"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def files_in(sub: str) -> list[Path]:
    files = sorted((PACKAGE / sub).rglob("*.py"))
    assert files, f"no modules found in {sub}/"
    return files


@pytest.mark.parametrize("path", files_in("rules"), ids=lambda p: p.name)
def test_rules_import_no_io_or_ui(path: Path) -> None:
    forbidden = ("textual", "rich", "sqlalchemy", "sqlmodel", "psycopg", "sqlite3", "amtui.db",
                 "amtui.models", "amtui.services", "amtui.screens", "amtui.app")
    bad = sorted(m for m in imported_modules(path) if m.startswith(forbidden))
    assert not bad, f"{path.name} imports {bad}"


@pytest.mark.parametrize("path", files_in("services"), ids=lambda p: p.name)
def test_services_import_no_textual(path: Path) -> None:
    bad = sorted(m for m in imported_modules(path) if m.startswith(("textual", "amtui.screens", "amtui.widgets", "amtui.app")))
    assert not bad, f"{path.name} imports {bad}"
