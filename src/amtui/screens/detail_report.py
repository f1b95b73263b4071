"""``R`` on the client detail: save the client's status report and copy it to the clipboard."""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from textual import work
from textual.binding import Binding, BindingType
from textual.screen import Screen

from amtui.db import Database
from amtui.screens.forms import host

REPORT_PERIOD = "7d"


class ReportAction(Screen[Any]):
    """Mixin for a screen with a ``client_id``: ``R`` writes the weekly status report."""

    client_id: int
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("R", "report", "Report", show=False, tooltip="Save this client's weekly status report (Markdown)",
                id="detail.report"),
    ]

    def action_report(self) -> None:
        """Write the report in a thread; the toast says where it went."""
        app = host(self)
        self._save_report(app.db, self.client_id, app.clock.now())

    @work(thread=True, group="detail-report", exit_on_error=False)
    def _save_report(self, db: Database, client_id: int, now: datetime) -> None:
        from amtui.io.report import save_client_report

        try:
            path, text = save_client_report(db, client_id, REPORT_PERIOD, now)
        except Exception as exc:  # noqa: BLE001 - any failure is reported to the user, not swallowed
            self.app.call_from_thread(
                self.notify, f"No report: {exc}", title="Status report", severity="error", markup=False
            )
            return
        self.app.call_from_thread(self._report_saved, str(path), text)

    def _report_saved(self, path: str, text: str) -> None:
        self.app.copy_to_clipboard(text)
        self.notify(f"Saved to {path} and copied to the clipboard.", title="Status report", markup=False)
