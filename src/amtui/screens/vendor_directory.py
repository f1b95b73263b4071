"""The vendor directory of the Vendors screen: a table of vendors that owns its keys.

While it has focus, ``n`` adds a vendor, ``e`` edits the highlighted one, ``A`` archives it
(asking first) or restores an archived one, and ``a`` shows or hides archived vendors; its bindings shadow the
screen's booking keys of the same letters. Writes run in a thread worker and announce
``DataChange(tables={"vendor"})``; the screen reloads on it (or on :class:`Directory.Reload`).
Enter (``RowSelected``) is left to the screen: it shows that vendor's bookings.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.worker import Worker, WorkerState

from amtui.messages import DataChange
from amtui.rules.text import one_line
from amtui.screens.forms import ConfirmScreen, host, user_text
from amtui.screens.vendor_form import VendorFormScreen
from amtui.services.errors import ServiceError, ValidationError
from amtui.services.vendors import VendorRow, set_vendor_archived
from amtui.widgets.booking_columns import vendor_columns
from amtui.widgets.virtual_table import VirtualTable

EMPTY = "No vendors yet. Press n to add one."
ARCHIVE_DETAIL = ("It leaves the directory and the booking form; its bookings stay as they are. "
                  "Press a in the directory to see archived vendors, A to restore one.")


class Directory(VirtualTable):
    """The vendor directory, by name (its class name heads its keys in help);
    ``include_archived`` says whether archived vendors are listed."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new_vendor", "New vendor", tooltip="Add a vendor to the directory", id="vendors.new_vendor"),
        Binding("e", "edit_vendor", "Edit vendor", id="vendors.edit_vendor"),
        Binding("A", "archive_vendor(True)", "Archive", tooltip="Archive the vendor (asks first)",
                id="vendors.archive_vendor"),
        Binding("A", "archive_vendor(False)", "Restore", tooltip="Restore the archived vendor",
                id="vendors.restore_vendor"),
        Binding("a", "toggle_archived", "Show archived", tooltip="Show or hide archived vendors",
                id="vendors.show_archived"),
    ]

    class Reload(Message):
        """The directory should be read again (archived shown or hidden, or a write refused)."""

    class Saved(Message):
        """A vendor was added or edited (``vendor_id``): the screen puts the cursor on it."""

        def __init__(self, vendor_id: int) -> None:
            super().__init__()
            self.vendor_id = vendor_id

    def __init__(self, **kwargs: Any) -> None:
        """Empty and "Loading vendors…" until the screen first hands it rows (:meth:`show`)."""
        super().__init__(
            vendor_columns(lambda: host(self).clock.tz, lambda: getattr(self.app, "currency", "EUR")),
            row_key=lambda v: v.id, empty_message="Loading vendors…",
            search_text=lambda v: f"{v.name}\n{v.service.value}\n{v.contact_name}\n{v.email}\n{v.phone}", **kwargs)
        self.include_archived = False

    def show(self, vendors: list[VendorRow], focus_key: int | None) -> None:
        """The vendors as loaded (the cursor on ``focus_key`` when given)."""
        self.empty_message = EMPTY
        self.set_rows(vendors, focus_key=focus_key)

    @property
    def current(self) -> VendorRow | None:
        return self.highlighted_row  # type: ignore[no-any-return]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        vendor = self.current
        if action == "archive_vendor":  # Archive on a vendor in use, Restore on an archived one
            return (None if parameters[0] else False) if vendor is None else vendor.archived is not parameters[0]
        if action == "edit_vendor":
            return None if vendor is None else True
        return True

    def action_new_vendor(self) -> None:
        self.app.push_screen(VendorFormScreen(), self._saved)

    def action_edit_vendor(self) -> None:
        if (vendor := self.current) is not None:
            self.app.push_screen(VendorFormScreen(vendor.id), self._saved)

    def _saved(self, vendor_id: int | None) -> None:
        if vendor_id is not None:
            self.post_message(self.Saved(vendor_id))

    def action_toggle_archived(self) -> None:
        self.include_archived = not self.include_archived
        self.post_message(self.Reload())

    def action_archive_vendor(self, archive: bool) -> None:
        vendor = self.current
        if vendor is None or vendor.archived is archive:  # already so
            return
        if not archive:
            self._archive(vendor, False)
            return
        booked = f" It has {vendor.upcoming} booking(s) still to come." if vendor.upcoming else ""
        question = Content.assemble("Archive ", user_text(vendor.name, 40, "bold"), "?")
        self.app.push_screen(ConfirmScreen(question, ARCHIVE_DETAIL + booked),
                             lambda yes: self._archive(vendor, True) if yes else None)

    def _archive(self, vendor: VendorRow, archived: bool) -> None:
        db = host(self).db
        self.run_worker(lambda: set_vendor_archived(db, vendor.id, vendor.version, archived), thread=True,
                        name="restored" if not archived else "archived", group="vendor-archive",
                        exit_on_error=False, description=vendor.name)

    @on(Worker.StateChanged)
    def _archive_done(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.group != "vendor-archive" or event.state not in (WorkerState.SUCCESS, WorkerState.ERROR):
            return
        event.stop()
        if event.state is WorkerState.SUCCESS:
            self.notify(f"{worker.name.capitalize()}: {one_line(worker.description, 60)}", title="Vendor",
                        markup=False)
            host(self).publish(DataChange(tables=frozenset({"vendor"})))
            return
        error = worker.error
        if isinstance(error, ValidationError):
            text = "; ".join(error.errors.values())
        elif isinstance(error, ServiceError):
            text = f"{error}"
        else:
            text = f"{type(error).__name__}: {error}"
        self.notify(text, title="Not changed", severity="error", markup=False)
        self.post_message(self.Reload())  # a stale version: show what is stored now
