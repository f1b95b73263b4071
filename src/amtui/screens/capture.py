"""The capture line (``c``): one line such as ``acme call "Q3 brief" yesterday 30m +1 follow:+3d``.

Parsed live by :func:`amtui.rules.capture.parse_capture` into the quick log's fields and saved
through the same path (:func:`amtui.screens.quick_log.write_log`). With a client in context a
line without client words logs to that client.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Label, Static

from amtui.enums import Direction, InteractionKind
from amtui.rules.capture import Capture, CaptureError, describe_capture, parse_capture
from amtui.rules.text import clean_text, one_line
from amtui.rules.when import format_day
from amtui.screens.forms import FormScreen, TextInput, host, user_text
from amtui.screens.quick_log import FUTURE_SLACK, LogDraft, announce_log, resolve_local, write_log
from amtui.screens.log_write import logged_by
from amtui.services.clients import ClientRef, client_refs, get_client
from amtui.services.interactions import LogRequest

PLACEHOLDER = 'acme call "Q3 brief" yesterday 30m +1 follow:+3d'
HELP = ("client · call/email/meeting/message/note · in/out/internal · \"summary\" · when (yesterday, "
        "fri 14:00) · 30m · sentiment -2..+2 · follow:+3d · @contact — enter save · esc cancel")
_CONTEXT = "amtui-context-client"  # stands for the context client while parsing
FIELD_LABELS = {"client": "Client", "kind": "Kind", "direction": "Direction", "when": "When",
                "duration_minutes": "Duration", "sentiment": "Sentiment", "contact": "Contact",
                "follow_up": "Follow-up", "summary": "Summary"}
LABEL_WIDTH = 12


@dataclass(frozen=True)
class CaptureContext:
    client: ClientRef | None
    clients: list[ClientRef]


@dataclass(frozen=True)
class Reading:
    """What the line means right now: the capture, the client it names, or an error."""

    capture: Capture | None = None
    client: ClientRef | None = None
    client_label: str = ""
    error_field: str = ""
    error: str = ""


def read_line(line: str, now: datetime, ctx: CaptureContext | None) -> Reading:
    """Parse ``line`` and resolve its client against ``ctx`` (pure: no database)."""
    clients = ctx.clients if ctx else []
    known = [c.name for c in clients]
    try:
        capture = parse_capture(line, now, known)
        context = ctx.client if ctx else None
        if context is not None and capture.client_query and capture.client_query.casefold() not in {
                " ".join(clean_text(k).split()).casefold() for k in known}:
            capture = replace(parse_capture(f"{_CONTEXT} {line}", now, [*known, _CONTEXT]), client_query=None)
    except CaptureError as e:
        return Reading(error_field=e.field, error=e.message)
    client: ClientRef | None = None
    label = ""
    if capture.client_query:
        client, candidates = resolve_local(capture.client_query, clients)
        if client is None and ctx is not None:
            q = capture.client_query.casefold()
            inside = [c for c in clients if q in c.name.casefold()]
            client = inside[0] if len(inside) == 1 else None
            candidates = candidates or inside
            if client is None:
                names = ", ".join(one_line(c.name, 24) for c in candidates[:5])
                message = (f"'{one_line(capture.client_query, 30)}' matches {len(candidates)} clients: {names}"
                           if candidates else f"no client named '{one_line(capture.client_query, 30)}'")
                return Reading(capture, error_field="client", error=message)
    elif ctx is not None and ctx.client is not None:
        client, label = ctx.client, " (this client)"
    elif ctx is not None:
        return Reading(capture, error_field="client", error="start the line with the client's name")
    if capture.when is not None and capture.when.as_datetime(now) > now + FUTURE_SLACK:
        return Reading(capture, client, label, "when", f"{capture.when.describe(now.date())} is in the future")
    if capture.follow_up is not None and capture.follow_up.day < now.date():
        return Reading(capture, client, label, "follow_up", f"{format_day(capture.follow_up.day)} is in the past")
    if not capture.summary:
        return Reading(capture, client, label, "summary", 'add a summary, e.g. "sent the Q3 brief"')
    return Reading(capture, client, label)


def preview(reading: Reading, today_: Any) -> Content:
    """The live preview: one row per field the line sets, the error at its field."""
    rows: list[tuple[str, Content, str]] = []
    cap = reading.capture
    if reading.client is not None:
        rows.append(("Client", Content.assemble(user_text(reading.client.name, 60), reading.client_label), ""))
    elif cap is not None and cap.client_query:
        rows.append(("Client", user_text(cap.client_query, 60), ""))
    if cap is not None:
        for label, value in describe_capture(cap, today_):
            if label == "Client":
                continue
            rows.append((label, user_text(value, 70), ""))
        if cap.kind is None:
            rows.insert(1, ("Kind", Content.styled("call (default)", "dim"), ""))
        if cap.when is None:
            rows.insert(2, ("When", Content.styled("now (default)", "dim"), ""))
    if reading.error:
        label = FIELD_LABELS.get(reading.error_field, reading.error_field.title())
        message = Content.styled(f"✗ {one_line(reading.error, 90)}", "bold $text-error")
        for i, (row_label, _value, _style) in enumerate(rows):
            if row_label == label:
                rows[i] = (label, message, "bad")
                break
        else:
            rows.append((label, message, "bad"))
    lines = [Content.assemble((f"{label:<{LABEL_WIDTH}}", "$text-error" if bad else "$text-secondary"), value)
             for label, value, bad in rows]
    return Content("\n").join(lines) if lines else Content.styled("type a line to see what it means", "dim")


class CaptureScreen(FormScreen[int | None]):
    """One line in, one interaction logged; dismisses with its id (None when cancelled)."""

    def __init__(self, client_id: int | None = None, *, answers_follow_up_id: int | None = None) -> None:
        super().__init__(classes="form capture")
        self.client_id = client_id
        self.answers_follow_up_id = answers_follow_up_id
        self.context: CaptureContext | None = None
        self.reading = Reading()

    def compose(self) -> ComposeResult:
        with Vertical(classes="form-box wide"):
            yield Label("Capture", id="form-title", classes="form-title")
            yield TextInput(placeholder=PLACEHOLDER, id="capture-line")
            yield Static(Content.styled("loading clients…", "dim"), id="capture-preview", classes="capture-preview")
            yield Label("", id="form-error", classes="form-error")
            yield Label(Content(HELP), classes="form-keys")

    def on_mount(self) -> None:
        self.set_form_error(None)
        self.query_one("#capture-line", Input).focus()
        db, cid = host(self).db, self.client_id
        self.load(lambda: self._read_context(db, cid))

    @staticmethod
    def _read_context(db: Any, client_id: int | None) -> CaptureContext:
        client = None
        if client_id is not None:
            record = get_client(db, client_id)
            client = ClientRef(record.id, record.name)
        return CaptureContext(client, client_refs(db))

    def loaded(self, result: CaptureContext) -> None:
        self.context = result
        title = Content.assemble(("Capture", "bold"), " · ", user_text(result.client.name, 60, "bold")) \
            if result.client else Content.styled("Capture", "bold")
        self.query_one("#form-title", Label).update(title)
        self._refresh(self.query_one("#capture-line", Input).value)

    @on(Input.Changed, "#capture-line")
    def _changed(self, event: Input.Changed) -> None:
        self._refresh(event.value)

    def _refresh(self, line: str) -> None:
        if self.context is None:
            return
        now = host(self).clock.now()
        self.reading = read_line(line, now, self.context) if clean_text(line) else Reading()
        self.query_one("#capture-preview", Static).update(preview(self.reading, now.date()))

    def field_keys(self) -> list[str]:
        return []

    def show_errors(self, errors: Any, *, focus: bool = True) -> None:
        """Service errors land in the preview at their field (the line is one input)."""
        field, message = next(iter(errors.items()))
        aliases = {"follow_up_on": "follow_up", "occurred_at": "when", "client_id": "client",
                   "contact_id": "contact"}
        self.reading = replace(self.reading, error_field=aliases.get(field, field), error=message)
        self.query_one("#capture-preview", Static).update(preview(self.reading, host(self).clock.now().date()))

    def collect(self) -> LogDraft | None:
        if self.context is None:
            self.set_form_error("still loading clients; try again in a moment")
            return None
        line = self.query_one("#capture-line", Input).value
        now = host(self).clock.now()
        if not clean_text(line):
            self.show_errors({"summary": 'type a line, e.g. ' + PLACEHOLDER})
            return None
        self._refresh(line)
        reading = self.reading
        if reading.error or reading.capture is None:
            return None
        cap = reading.capture
        request = LogRequest(
            client_id=reading.client.id if reading.client else 0,
            kind=cap.kind or InteractionKind.CALL,
            summary=cap.summary,
            occurred_at=cap.when.as_datetime(now) if cap.when else now,
            direction=cap.direction or Direction.OUTBOUND,
            duration_minutes=cap.duration_minutes or 0,
            sentiment=cap.sentiment or 0,
            follow_up_on=cap.follow_up.day if cap.follow_up else None,
            completes_follow_up_id=self.answers_follow_up_id,
            logged_by_id=logged_by(self),
        )
        return LogDraft(reading.client, cap.client_query or "", request, now, cap.contact)

    def write(self, draft: LogDraft) -> Any:
        return write_log(host(self).db, draft)

    def saved(self, result: Any) -> None:
        interaction_id, client, kind = result
        announce_log(self, client, kind)
        self.dismiss(interaction_id)
