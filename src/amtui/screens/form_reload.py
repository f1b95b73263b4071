"""Edit forms filled from a stored record, and reloaded after a save refused as stale.

:class:`RecordReload` is mixed into :class:`~amtui.screens.forms.FormScreen`: an edit form
implements :meth:`~RecordReload.can_reload`, :meth:`~RecordReload.read_record`,
:meth:`~RecordReload.use_record` and :meth:`~RecordReload.record_values` and fills itself with
:meth:`~RecordReload.show_record`. A refused save calls :meth:`~RecordReload._stale`: the record
is re-read in a worker (group ``form-reread``, whose result the form hands to ``_reread``) and
:class:`~amtui.screens.stale_edit.StaleEditScreen` lists what changed; reload fills in what is
stored and its version and puts back every field the user changed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from amtui.screens.form_fields import Field
from amtui.screens.stale_edit import StaleEditScreen, changed_by_user, field_changes

if TYPE_CHECKING:
    from amtui.db import Database


class RecordReload:
    """The record half of a form (see the module docstring); needs the FormScreen it is mixed into."""

    RECORD = "this record"
    """How the stale-edit dialog names what the form edits ("this client")."""
    base_values: dict[str, Any]
    """:meth:`record_values` of the record the form was last filled from."""
    as_loaded: dict[str, Any]
    """What the fields held right after that filling (to tell what the user changed)."""

    def can_reload(self) -> bool:
        """Whether this form edits a stored record (so a refused save can reload it)."""
        return False

    def read_record(self, db: Database) -> Any:  # pragma: no cover - abstract
        """The record as stored now (runs in a thread; raises NotFoundError when it is gone)."""
        raise NotImplementedError

    def use_record(self, data: Any) -> None:
        """Adopt ``data`` (its version, the options it brings) before its values are filled in."""

    def record_values(self, data: Any) -> dict[str, Any]:
        """Field key → widget value for ``data``."""
        return {}

    def show_record(self, data: Any) -> None:
        """Adopt ``data``, fill the fields from it and remember them as loaded."""
        self.use_record(data)
        self.fill(self.record_values(data))
        self.remember(data)

    def remember(self, data: Any) -> None:
        """Take the fields as they are now to be ``data`` as loaded (forms filled at compose)."""
        self.base_values = self.record_values(data)
        self.as_loaded = self.snapshot()

    def _stale(self) -> None:
        self.set_form_error("Not saved: someone saved this after you opened it. Checking what changed…")
        self.saving = True
        db: Database = self.app.db  # type: ignore[attr-defined]
        self.run_worker(lambda: self.read_record(db), thread=True, group="form-reread", name="reread",
                        exit_on_error=False)

    def _reread(self, data: Any) -> None:
        fields = {f.key: f for f in self.query(Field)}
        changes = field_changes(fields, self.base_values, self.record_values(data), self.snapshot(),
                                self.as_loaded)
        self.app.push_screen(StaleEditScreen(changes, self.RECORD), lambda reload: self._answer(data, reload))

    def _answer(self, data: Any, reload: bool | None) -> None:
        if not reload:
            self.set_form_error("Not saved; your typing is kept. The form still holds the version you opened, "
                                "so saving again is refused until you reload (save, then r).")
            return
        mine = changed_by_user(self.snapshot(), self.as_loaded)
        self.show_record(data)
        self.fill(mine)
        self.set_form_error(None)
        kept = f"; your {len(mine)} changed field(s) kept" if mine else ""
        self.notify(f"Reloaded what was saved meanwhile{kept}. Check, then save again.", markup=False)
