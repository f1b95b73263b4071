""""Who am I…" (command palette): pick the team member using the app.

The name is matched like ``--me`` (exact, else a unique start of a name or of one of its words);
an unknown or ambiguous name is refused at the field with the close matches. Saving remembers
it for this workspace in the user settings (as ``amtui me NAME`` does); an empty name forgets
it, so every list is the whole team's again.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Input, Label

from amtui.rules.text import clean_text, one_line
from amtui.screens.forms import Field, FormScreen, TextInput, host
from amtui.services.errors import ValidationError
from amtui.services.identity import Me, UnknownMemberError, active_members, pick_member
from amtui.settings import save_me

HELP = "enter save · esc cancel · empty: nobody (whole team)"
NO_IDENTITY = ("Who are you? Start with --me NAME, set AMTUI_ME, run 'amtui me NAME' "
               "or use 'Who am I…' in the palette (ctrl+p).")


def have_identity(screen: Screen[Any]) -> bool:
    """True when the app knows who is using it; else says how to tell it (for ``m``)."""
    if getattr(screen.app, "me", None) is not None:
        return True
    screen.notify(NO_IDENTITY, title="No identity", markup=False)
    return False


class WhoAmIScreen(FormScreen["Me | None"]):
    """Dismisses with the chosen :class:`Me` (None when cancelled or forgotten)."""

    def __init__(self) -> None:
        super().__init__(classes="form who-am-i")

    def compose(self) -> ComposeResult:
        me = getattr(self.app, "me", None)
        with Vertical(classes="form-box"):
            yield Label(Content.styled("Who am I?", "bold"), classes="form-title")
            yield Field("Name", TextInput(clean_text(me.name) if me else "", placeholder="your name on the Team screen",
                                          compact=True, id="name"), key="name", hint=True)
            yield Label("", id="form-error", classes="form-error")
            yield Label(Content(HELP), classes="form-keys")

    def on_mount(self) -> None:
        self.set_form_error(None)
        self.query_one("#name", Input).focus()
        db = host(self).db
        self.load(lambda: active_members(db))

    def loaded(self, members: list[tuple[int, str]]) -> None:
        names = ", ".join(one_line(n, 24) for _, n in members[:6]) + (" …" if len(members) > 6 else "")
        self.field("name").set_hint(Content.styled(names or "no team members yet", "dim"))

    def collect(self) -> str:
        return clean_text(self.query_one("#name", Input).value).strip()

    def write(self, name: str) -> Me | None:
        db = host(self).db
        me = None
        if name:
            try:
                me = pick_member(name, active_members(db))
            except UnknownMemberError as exc:
                raise ValidationError({"name": str(exc)}) from None
        save_me(db.target.display, me.name if me else None)
        return me

    def saved(self, me: Any) -> None:
        app: Any = self.app
        app.set_me(me)
        self.notify(f"You are {one_line(me.name, 40)}." if me else "Nobody: every list shows the whole team.",
                    markup=False)
        self.dismiss(me)
