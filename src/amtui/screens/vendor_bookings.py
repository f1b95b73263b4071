"""The bookings table of the Vendors screen: a table of bookings that owns its keys.

Enter opens a booking's detail; ``n`` books a vendor, ``e`` edits the highlighted booking;
``C`` confirm, ``R`` release, ``D`` complete, ``X`` cancel (the last three ask first). Reads and
writes run in thread workers; a status change announces ``DataChange(booking, spend)`` and the
screen reloads on it. A saved booking is announced with :class:`Bookings.Saved`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo
from typing import Any, ClassVar

from textual import on
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.worker import Worker, WorkerState

from amtui.messages import DataChange
from amtui.rules.bookings import Action
from amtui.screens.booking_forms import BookingDetailScreen, BookingFormScreen
from amtui.screens.forms import ConfirmScreen, host, user_text
from amtui.services.errors import ValidationError
from amtui.services.vendors import BookingDetail, BookingRow, StatusChange, booking_detail, change_status
from amtui.widgets.booking_columns import booking_columns
from amtui.widgets.virtual_table import VirtualTable

ASK = {Action.RELEASE: "Release", Action.COMPLETE: "Complete", Action.CANCEL: "Cancel"}
ASK_DETAIL = {Action.RELEASE: "The hold is given up; a 2nd hold waiting behind it moves up.",
              Action.COMPLETE: "Its cost is recorded as vendor spend on the project, once.",
              Action.CANCEL: "The booking is cancelled; a 2nd hold waiting on the slot moves up."}


class Bookings(VirtualTable):
    """The bookings table (its class name heads its keys in help). ``vendor_id``: the vendor a
    new booking starts with (the screen's vendor filter)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new_booking", "New", tooltip="Book a vendor", id="vendors.new"),
        Binding("e", "edit_booking", "Edit", tooltip="Edit the highlighted booking", id="vendors.edit"),
        Binding("C", "act('confirm')", "Confirm", tooltip="Confirm the hold", id="vendors.confirm"),
        Binding("R", "act('release')", "Release", tooltip="Release the hold", id="vendors.release"),
        Binding("D", "act('complete')", "Done", tooltip="Complete: record its cost as spend", id="vendors.complete"),
        Binding("X", "act('cancel')", "Cancel", tooltip="Cancel the booking", id="vendors.cancel"),
    ]

    class Saved(Message):
        """A booking was booked or edited (``booking_id``)."""

        def __init__(self, booking_id: int) -> None:
            super().__init__()
            self.booking_id = booking_id

    def __init__(self, now: Callable[[], datetime], tz: Callable[[], tzinfo], currency: Callable[[], str],
                 **kwargs: Any) -> None:
        super().__init__(booking_columns(tz, currency, now), row_key=lambda r: r.id,
                         search_text=lambda r: f"{r.vendor}\n{r.client}\n{r.project}\n{r.po_reference}", **kwargs)
        self.vendor_id: int | None = None
        self._opened: BookingRow | None = None

    @property
    def current(self) -> BookingRow | None:
        return self.highlighted_row  # type: ignore[no-any-return]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("edit_booking", "act"):
            return None if self.current is None else True
        return True

    def open_booking(self, booking_id: int) -> None:
        """Show the booking's detail (loaded in a worker)."""
        db, tz = host(self).db, host(self).clock.tz
        self.run_worker(lambda: booking_detail(db, booking_id, tz), thread=True, name="detail", group="detail",
                        exclusive=True, exit_on_error=False)

    @on(VirtualTable.RowSelected)
    def _selected(self, event: VirtualTable.RowSelected) -> None:
        event.stop()
        self.open_booking(int(event.row_key))  # type: ignore[call-overload]

    def _detail_closed(self, choice: str | None) -> None:
        row, self._opened = self._opened, None
        if row is not None and choice == "edit":
            self.app.push_screen(BookingFormScreen(row.id), self._saved)
        elif row is not None and choice is not None:
            self.action_act(choice, row)

    def action_new_booking(self) -> None:
        self.app.push_screen(BookingFormScreen(vendor_id=self.vendor_id), self._saved)

    def action_edit_booking(self) -> None:
        if (row := self.current) is not None:
            self.app.push_screen(BookingFormScreen(row.id), self._saved)

    def _saved(self, booking_id: int | None) -> None:
        if booking_id is not None:
            self.post_message(self.Saved(booking_id))

    def action_act(self, action: str, row: BookingRow | None = None) -> None:
        row = row or self.current
        if row is None:
            return
        act = Action(action)
        if act not in ASK:
            self._change(row, act)
            return
        question = Content.assemble(f"{ASK[act]} booking #{row.id}: ", user_text(row.vendor, 30, "bold"), " for ",
                                    user_text(row.project, 30, "bold"), "?")
        self.app.push_screen(ConfirmScreen(question, ASK_DETAIL[act]),
                             lambda yes: self._change(row, act) if yes else None)

    def _change(self, row: BookingRow, action: Action) -> None:
        db, clock = host(self).db, host(self).clock
        self.run_worker(lambda: change_status(db, row.id, row.version, action, now=clock.now(), tz=clock.tz),
                        thread=True, name="status", group="status", exit_on_error=False)

    @on(Worker.StateChanged)
    def _worker_done(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.group not in ("detail", "status") or event.state not in (WorkerState.SUCCESS, WorkerState.ERROR):
            return
        event.stop()
        if event.state is WorkerState.ERROR:
            error = worker.error
            text = "; ".join(error.errors.values()) if isinstance(error, ValidationError) else str(error)
            title = "Could not open the booking" if worker.group == "detail" else "Not changed"
            self.notify(text, title=title, severity="error", markup=False)
        elif isinstance(change := worker.result, StatusChange):
            self.notify(change.message, title="Booking", markup=False)
            host(self).publish(DataChange(frozenset({"booking", "spend"})))
        elif isinstance(detail := worker.result, BookingDetail):
            self._opened = detail.row
            self.app.push_screen(BookingDetailScreen(detail), self._detail_closed)
