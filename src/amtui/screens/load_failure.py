"""What a screen shows when its data could not be read: a line naming the failure, in the
status line and in place of the empty table, kept until a later load succeeds (the toast that
also says so times out). Screens read again on the next data change."""

from __future__ import annotations

from typing import Any

from textual.content import Content
from textual.widgets import Static

from amtui.db import failure_text
from amtui.rules.text import one_line

REASON_CELLS = 160


def load_failed_text(what: str, error: BaseException | None) -> str:
    """``Could not load <what>: <reason>.`` plus when it is tried again; the reason is one clean line."""
    reason = one_line(failure_text(error), REASON_CELLS) if error is not None else "unknown error"
    return f"Could not load {what}: {reason}. It is read again when the workspace changes."


def show_load_failure(status: Static, view: Any, what: str, error: BaseException | None) -> str:
    """Put the failure in ``status`` and as the empty message of ``view`` (a table or the heat
    map, which keeps any rows an earlier load gave it); the text shown."""
    text = load_failed_text(what, error)
    status.update(Content(text))
    view.loading = False
    view.empty_message = text
    view.refresh()
    return text
