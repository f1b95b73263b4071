"""io/ (CSV import/export, reports, iCalendar) never imports Textual or the screens."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.test_import_hygiene import files_in, imported_modules


@pytest.mark.parametrize("path", files_in("io"), ids=lambda p: p.name)
def test_io_imports_no_textual(path: Path) -> None:
    bad = sorted(m for m in imported_modules(path)
                 if m.startswith(("textual", "rich", "amtui.screens", "amtui.widgets", "amtui.app")))
    assert not bad, f"{path.name} imports {bad}"
