"""The command palette (ctrl+p): every app action, and every client by name.

Client names are user data: hits are built as :class:`~textual.content.Content` (never markup),
with the fuzzy-match highlight applied by offset, so ``[bold]x[/]`` or ``[@click=app.quit]x``
shows literally and does nothing when clicked.
"""

from __future__ import annotations

import asyncio
import heapq
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content

from amtui.rules.text import one_line

if TYPE_CHECKING:
    from amtui.app import AmtuiApp

CLIENT_PREFIX = "Open client: "
NAME_CELLS = 80  # a 5,000-character name is cut to this many cells in the palette
MAX_CLIENT_HITS = 40  # best client matches shown per query


@dataclass(frozen=True)
class PaletteAction:
    """An app action offered in the palette (``action`` is an App action string)."""

    title: str
    action: str
    help: str


ACTIONS: tuple[PaletteAction, ...] = (
    PaletteAction("Go to Today", "switch_mode('today')", "The ranked queue for the day (key 1)"),
    PaletteAction("Go to Clients", "switch_mode('clients')", "The client roster (key 2)"),
    PaletteAction("Go to Team", "switch_mode('team')", "Capacity and workload (key 3)"),
    PaletteAction("Go to Vendors", "switch_mode('vendors')", "Vendors and bookings (key 4)"),
    PaletteAction("Go to Budgets", "switch_mode('budgets')", "Project budgets and burn (key 5)"),
    PaletteAction("Log a contact", "quick_log", "Log a call, email, meeting or note (key l)"),
    PaletteAction("Capture line", "capture", "Log in one typed line (key c)"),
    PaletteAction("New client", "new_client", "Add a client to the roster"),
    PaletteAction("Import clients/contacts/interactions from CSV…", "import_csv",
                  "Preview a CRM or spreadsheet export, then import it"),
    PaletteAction("Who am I…", "who_am_i", "Pick the team member using amtui: logs record you, m scopes lists"),
    PaletteAction("Show every key", "help", "All key bindings (key ?)"),
    PaletteAction("Quit", "quit", "Leave amtui (key q)"),
)
"""Palette entries for the app's actions; help texts are constants (rendered as markup)."""


def highlighted(matcher: Matcher, text: str, offset: int = 0) -> Content:
    """``text`` as literal Content with the characters ``matcher`` matched (from ``offset``) styled."""
    content = Content(text)
    _score, positions = matcher.fuzzy_search.match(matcher.query, text[offset:])
    for position in positions:
        at = offset + position
        if not text[at].isspace():
            content = content.stylize(matcher.match_style, at, at + 1)
    return content


def client_score(query: str, folded: str) -> float:
    """How well a casefolded name matches a casefolded query, 0 (not at all) to 1.

    Cheap enough for 10,000 names per keystroke: prefix > word start > substring > the query's
    characters in order (what the fuzzy matcher needs)."""
    if folded.startswith(query):
        return 1.0 - 0.1 * (1 - len(query) / max(len(folded), 1))
    at = folded.find(query)
    if at > 0:
        return 0.85 if folded[at - 1] == " " else 0.7
    start = 0
    for ch in query:
        start = folded.find(ch, start) + 1
        if start == 0:
            return 0.0
    return 0.4


class AmtuiCommands(Provider):
    """Actions and clients for the command palette."""

    clients: list[tuple[int, str, str]]  # id, display name (one line), casefolded name

    async def startup(self) -> None:
        """Load client names off the UI thread; actions still work if that fails."""
        from amtui.services.clients import client_refs

        app: AmtuiApp = self.app  # type: ignore[assignment]
        try:
            refs = await asyncio.to_thread(client_refs, app.db)
        except Exception as exc:
            refs = []
            app.notify(f"Client names could not be loaded: {exc}", severity="error", markup=False)
        self.clients = [(ref.id, name, name.casefold()) for ref in refs for name in [one_line(ref.name, NAME_CELLS)]]

    def _run(self, action: str) -> Callable[[], Any]:
        if action == "import_csv":  # a dialog, not an App action
            return self._import_csv
        if action == "who_am_i":
            return self._who_am_i
        return partial(self.app.run_action, action)

    def _import_csv(self) -> None:
        from amtui.screens.import_preview import ImportScreen

        self.app.push_screen(ImportScreen())

    def _who_am_i(self) -> None:
        from amtui.screens.who_am_i import WhoAmIScreen

        self.app.push_screen(WhoAmIScreen())

    def _open(self, client_id: int) -> Callable[[], Any]:
        app: AmtuiApp = self.app  # type: ignore[assignment]
        return partial(app.open_client, client_id)

    async def discover(self) -> Hits:
        for item in ACTIONS:
            yield DiscoveryHit(Content(item.title), self._run(item.action), text=item.title, help=item.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for item in ACTIONS:
            score = matcher.match(item.title)
            if score > 0:
                yield Hit(score, highlighted(matcher, item.title), self._run(item.action), text=item.title,
                          help=item.help)
        folded_query = query.casefold().strip()
        if not folded_query:
            return
        scored = ((client_score(folded_query, folded), client_id, name) for client_id, name, folded in self.clients)
        for score, client_id, name in heapq.nlargest(MAX_CLIENT_HITS, (s for s in scored if s[0] > 0)):
            text = CLIENT_PREFIX + name
            yield Hit(score, highlighted(matcher, text, len(CLIENT_PREFIX)), self._open(client_id), text=text)
