"""Writing a logged interaction: the path shared by the quick log and the capture line.

:func:`write_log` runs in a thread worker (it resolves a typed client or contact name against
the database); :func:`announce_log` runs on the UI thread after it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from amtui.enums import InteractionKind
from amtui.messages import DataChange
from amtui.rules.name_match import exact_and_prefix
from amtui.rules.text import one_line
from amtui.screens.forms import FormScreen, host
from amtui.services.clients import ClientRef, contacts_of, find_client, get_client
from amtui.services.errors import AmbiguousError, NotFoundError, ValidationError
from amtui.services.interactions import LogRequest, log_interaction


@dataclass(frozen=True)
class LogDraft:
    """A validated quick-log form, ready to write."""

    client: ClientRef | None
    client_query: str
    request: LogRequest
    now: datetime
    contact_name: str | None = None  # a name to match among the client's contacts (capture line)


def logged_by(screen: FormScreen[Any]) -> int | None:
    """The team member using the app (recorded as the interaction's logger), or None."""
    me = getattr(screen.app, "me", None)
    return getattr(me, "member_id", None)


def write_log(db: Any, draft: LogDraft) -> tuple[int, ClientRef, InteractionKind]:
    """Resolve the client (when typed) and log the interaction. Runs in a thread."""
    client = draft.client
    if client is None:
        try:
            client = find_client(db, draft.client_query)
        except (AmbiguousError, NotFoundError) as e:
            raise ValidationError({"client": str(e)}) from None
    elif not client.name:
        record = get_client(db, client.id)
        client = ClientRef(record.id, record.name)
    request = replace(draft.request, client_id=client.id)
    if draft.contact_name:
        request = replace(request, contact_id=match_contact(db, client, draft.contact_name))
    interaction_id = log_interaction(db, request, now=draft.now)
    return interaction_id, client, request.kind


def match_contact(db: Any, client: ClientRef, name: str) -> int:
    """The id of ``client``'s contact called ``name``: exact, else a unique prefix (first name)."""
    exact, prefix = exact_and_prefix(name, contacts_of(db, client.id), lambda c: c.name)
    found = exact or prefix
    if len(found) == 1:
        return found[0].id
    if found:
        names = ", ".join(one_line(c.name, 24) for c in found[:5])
        raise ValidationError({"contact": f"'{one_line(name, 30)}' matches {len(found)} people: {names}"})
    raise ValidationError({"contact": f"nobody called '{one_line(name, 30)}' at {one_line(client.name, 40)}; "
                                      "add them with p on the client"})


def announce_log(screen: FormScreen[Any], client: ClientRef, kind: InteractionKind) -> None:
    """Toast the save and tell every screen showing this client."""
    screen.notify(f"Logged {kind.value} with {one_line(client.name, 60)}", title="Saved", markup=False)
    host(screen).publish(DataChange(tables=frozenset({"interaction"}), client_id=client.id))
