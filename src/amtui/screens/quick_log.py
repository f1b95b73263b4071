"""Quick log (``l`` anywhere): log a call, email, meeting, message or note in a few keys.

Fast path with a client in context: ``l``, type the summary, ``tab``, type ``+3d``, ``enter``.
Kind and direction never need the focus: ``ctrl+k`` / ``ctrl+d`` cycle them from any field
(or ``alt+c/e/m/s/n`` and ``alt+i/o/t``); on a focused picker single letters, ``←``/``→`` and
``-``/``+`` work too. The live hints are :mod:`amtui.screens.log_hints`'s; saving goes through
:mod:`amtui.screens.log_write` (both re-exported here for the capture line).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, ClassVar, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Label, Select
from textual.worker import Worker, WorkerState

from amtui.enums import Direction, InteractionKind
from amtui.rules.text import clean_text, one_line
from amtui.rules.when import parse_duration, parse_when
from amtui.screens.detail_sections import ARROWS
from amtui.screens.forms import Choice, Field, FormScreen, Option, TextInput, host, user_text
from amtui.screens.log_hints import (
    FUTURE_SLACK,
    ClientSuggester,
    describe_duration,
    describe_follow_up,
    describe_when,
    resolve_local,
)
from amtui.screens.log_write import LogDraft, announce_log, logged_by, match_contact, write_log
from amtui.services.clients import ClientRef, ContactRow, client_refs, contacts_of, get_client
from amtui.services.interactions import LogRequest

__all__ = [
    "FUTURE_SLACK", "ClientSuggester", "LogContext", "LogDraft", "QuickLogScreen", "announce_log",
    "describe_follow_up", "match_contact", "resolve_local", "write_log",
]

KIND_OPTIONS = [Option("call", InteractionKind.CALL, "c"), Option("email", InteractionKind.EMAIL, "e"),
                Option("meeting", InteractionKind.MEETING, "m"), Option("message", InteractionKind.MESSAGE, "s"),
                Option("note", InteractionKind.NOTE, "n")]
DIRECTION_OPTIONS = [Option("in", Direction.INBOUND, "i"), Option("out", Direction.OUTBOUND, "o"),
                     Option("internal", Direction.INTERNAL, "t")]
SENTIMENT_OPTIONS = [Option(label, value) for label, value in
                     (("−2", -2), ("−1", -1), ("0", 0), ("+1", 1), ("+2", 2))]  # noqa: RUF001
KEYS_HELP = ("enter save · esc cancel · tab next field · ctrl+k kind · ctrl+d direction · "
             "alt+c/e/m/s/n · alt+i/o/t · on a picker: letters, ←/→, -/+")


@dataclass(frozen=True)
class LogContext:
    """What the form reads on opening: the context client and its contacts, or every client."""

    client: ClientRef | None
    clients: list[ClientRef]
    contacts: list[ContactRow]


class QuickLogScreen(FormScreen[int | None]):
    """Log one interaction; dismisses with the new interaction's id (None when cancelled)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+k", "cycle('kind')", "Kind", priority=True),
        Binding("ctrl+d", "cycle('direction')", "Direction", priority=True),
        *[Binding(f"alt+{o.key}", f"pick('kind', {i})", o.label, show=False, priority=True)
          for i, o in enumerate(KIND_OPTIONS)],
        *[Binding(f"alt+{o.key}", f"pick('direction', {i})", o.label, show=False, priority=True)
          for i, o in enumerate(DIRECTION_OPTIONS)],
    ]

    def __init__(self, client_id: int | None = None, *, answers_follow_up_id: int | None = None,
                 kind: InteractionKind = InteractionKind.CALL) -> None:
        super().__init__(classes="form quick-log")
        self.client_id = client_id
        self.answers_follow_up_id = answers_follow_up_id
        self.context: LogContext | None = None
        self.client: ClientRef | None = None
        self.suggester = ClientSuggester()
        self._kind = kind

    def compose(self) -> ComposeResult:
        with Vertical(classes="form-box"):
            yield Label("", id="form-title", classes="form-title")
            if self.client_id is None:
                yield Field("Client", TextInput(placeholder="type a name, → completes", compact=True,
                                            suggester=self.suggester, id="client"), key="client", hint=True)
            yield Field("Summary", TextInput(placeholder="what happened, one line", compact=True, id="summary"),
                        key="summary")
            yield Field("Follow-up", TextInput(placeholder="+3d, fri, 2026-12-01 (optional)", compact=True,
                                           id="follow_up"), key="follow_up", hint=True)
            yield Field("When", TextInput("now", compact=True, id="when"), key="when", hint=True)
            yield Field("Duration", TextInput(placeholder="30m, 1h, 1h30m (optional)", compact=True, id="duration"),
                        key="duration", hint=True)
            yield Field("Sentiment", Choice(SENTIMENT_OPTIONS, 0, id="sentiment"), key="sentiment")
            yield Field("Kind", Choice(KIND_OPTIONS, self._kind, id="kind"), key="kind")
            yield Field("Direction", Choice(DIRECTION_OPTIONS, Direction.OUTBOUND, id="direction"), key="direction")
            yield Field("Contact", Select[int]([], prompt="— nobody in particular —", compact=True, id="contact"),
                        key="contact")
            yield Label("", id="form-error", classes="form-error")
            yield Label(Content(KEYS_HELP), classes="form-keys")

    def on_mount(self) -> None:
        self.set_form_error(None)
        self.query_one("#client" if self.client_id is None else "#summary", Input).focus()
        self._refresh_title()
        self._preview_all()
        db, client_id = host(self).db, self.client_id
        self.load(lambda: self._read_context(db, client_id))

    @staticmethod
    def _read_context(db: Any, client_id: int | None) -> LogContext:
        if client_id is not None:
            record = get_client(db, client_id)
            return LogContext(ClientRef(record.id, record.name), [], contacts_of(db, client_id))
        return LogContext(None, client_refs(db), [])

    def loaded(self, result: LogContext) -> None:
        self.context = result
        if result.client is not None:
            self.client = result.client
            self._set_contacts(result.contacts)
        else:
            self.suggester.names = [c.name for c in result.clients]
            self._client_hint(self.query_one("#client", Input).value)
        self._refresh_title()

    # --- live previews ---

    @property
    def now(self) -> datetime:
        return host(self).clock.now()

    def _refresh_title(self) -> None:
        kind = self.query_one("#kind", Choice).value
        direction = self.query_one("#direction", Choice).value
        name = self.client.name if self.client else "…"
        title = Content.assemble(("Log ", "bold"), (kind.value, "bold $accent"), f" {ARROWS[direction]} ",
                                 user_text(name, 50, "bold"))
        if self.answers_follow_up_id is not None:
            title = Content.assemble(title, ("  (answers a follow-up)", "dim"))
        self.query_one("#form-title", Label).update(title)

    @on(Choice.Changed)
    def _choice_changed(self) -> None:
        self._refresh_title()

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        key = event.input.id or ""
        self._preview(key, event.value)

    def _preview_all(self) -> None:
        for key in ("follow_up", "when", "duration"):
            self._preview(key, self.query_one(f"#{key}", Input).value)

    def _preview(self, key: str, value: str) -> None:
        if key == "client":
            self._client_hint(value)
            return
        if key not in ("follow_up", "when", "duration"):
            if key == "summary" and clean_text(value):
                self.field("summary").set_error(None)
            return
        field = self.field(key)
        if key == "follow_up":
            hint, ok = describe_follow_up(value, self.now)
        elif key == "when":
            hint, ok = describe_when(value, self.now)
        else:
            hint, ok = describe_duration(value)
        field.set_hint(hint if ok else Content(""), ok=ok)
        field.set_error(None if ok else str(hint))

    def _client_hint(self, value: str) -> None:
        if self.context is None or self.client_id is not None:
            return
        field = self.field("client")
        match, candidates = resolve_local(value, self.context.clients)
        previous = self.client
        self.client = match
        if match is not None:
            field.set_hint(Content.assemble("→ ", user_text(match.name, 40)))
            field.set_error(None)
        elif not clean_text(value):
            field.set_hint("")
        elif candidates:
            names = ", ".join(one_line(c.name, 24) for c in candidates[:4])
            more = f" +{len(candidates) - 4}" if len(candidates) > 4 else ""
            field.set_hint(Content(f"{len(candidates)} match: {names}{more}"), ok=False)
        else:
            field.set_hint(Content("no client by that name"), ok=False)
        if match != previous:
            self._refresh_title()
            self._set_contacts([])
            if match is not None:
                db, cid = host(self).db, match.id
                self.run_worker(lambda: contacts_of(db, cid), thread=True, group="contacts",
                                exclusive=True, exit_on_error=False)

    def worker_finished(self, worker: Worker[Any]) -> None:
        if worker.group == "contacts" and worker.state is WorkerState.SUCCESS:
            self._set_contacts(cast(list[ContactRow], worker.result))

    def _set_contacts(self, contacts: list[ContactRow]) -> None:
        select = self.query_one("#contact", Select)
        select.set_options([(user_text(c.name + (f" · {c.role}" if c.role else ""), 50), c.id) for c in contacts])

    # --- keys ---

    def action_cycle(self, which: str) -> None:
        self.query_one(f"#{which}", Choice).cycle()

    def action_pick(self, which: str, index: int) -> None:
        self.query_one(f"#{which}", Choice).index = index

    @on(Input.Submitted, "#client")
    def _client_submitted(self, event: Input.Submitted) -> None:
        """Enter in the client field completes the name and moves on while the summary is empty."""
        if clean_text(self.query_one("#summary", Input).value):
            return  # the form's handler saves
        event.stop()
        event.prevent_default()  # the form's save handler does not run
        if self.client is not None:
            event.input.value = self.client.name
            self.query_one("#summary", Input).focus()
        else:
            self.action_save()

    # --- saving ---

    def collect(self) -> LogDraft | None:
        self.clear_errors()
        now = self.now
        errors: dict[str, str] = {}
        query = ""
        if self.client_id is None:
            query = clean_text(self.query_one("#client", Input).value)
            if not query:
                errors["client"] = "enter a client name"
            elif self.context is not None:
                match, candidates = resolve_local(query, self.context.clients)
                if match is None and len(candidates) > 1:
                    names = ", ".join(one_line(c.name, 24) for c in candidates[:6])
                    errors["client"] = f"'{one_line(query, 30)}' matches {len(candidates)} clients: {names}"
                elif match is None:
                    errors["client"] = f"no client named '{one_line(query, 30)}'"
        summary = clean_text(self.query_one("#summary", Input).value)
        if not summary:
            errors["summary"] = "enter a summary of what happened"
        when_hint, ok = describe_when(self.query_one("#when", Input).value, now)
        if not ok:
            errors["when"] = str(when_hint)
        dur_hint, ok = describe_duration(self.query_one("#duration", Input).value)
        if not ok:
            errors["duration"] = str(dur_hint)
        fu_text = self.query_one("#follow_up", Input).value
        fu_hint, ok = describe_follow_up(fu_text, now)
        if not ok:
            errors["follow_up"] = str(fu_hint)
        if errors:
            self.show_errors(errors)
            return None
        follow_up: date | None = parse_when(clean_text(fu_text), now).day if clean_text(fu_text) else None
        duration_text = clean_text(self.query_one("#duration", Input).value)
        contact = self.query_one("#contact", Select).value
        request = LogRequest(
            client_id=self.client.id if self.client else (self.client_id or 0),
            kind=self.query_one("#kind", Choice).value,
            summary=summary,
            occurred_at=parse_when(clean_text(self.query_one("#when", Input).value), now).as_datetime(now),
            direction=self.query_one("#direction", Choice).value,
            duration_minutes=parse_duration(duration_text) if duration_text else 0,
            sentiment=self.query_one("#sentiment", Choice).value,
            follow_up_on=follow_up,
            contact_id=contact if isinstance(contact, int) else None,
            completes_follow_up_id=self.answers_follow_up_id,
            logged_by_id=logged_by(self),
        )
        client = self.client
        if client is None and self.client_id is not None:
            client = ClientRef(self.client_id, "")  # still loading: the writer reads the name
        return LogDraft(client, query, request, now)

    def write(self, draft: LogDraft) -> tuple[int, ClientRef, InteractionKind]:
        db = host(self).db
        return write_log(db, draft)

    def saved(self, result: tuple[int, ClientRef, InteractionKind]) -> None:
        interaction_id, client, kind = result
        announce_log(self, client, kind)
        self.dismiss(interaction_id)
