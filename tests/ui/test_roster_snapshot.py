"""Whole-screen snapshots of the roster (fixed clock, 120x35)."""

from __future__ import annotations

from tests.ui.test_roster_support import settle, show_roster
from textual.pilot import Pilot


def test_roster_snapshot(seeded_db, app_factory, snap_compare) -> None:
    """You should see the Clients screen of "Nordlicht & Partner" on Tue 24 Nov 2026: a bar saying
    "Status: all · archived hidden" and "6 clients", then six clients sorted by name (Client ▲)
    with status, health score and band (green good / yellow watch), last contact coloured by
    cadence (Café Øresund "3w ago" in yellow, never-contacted in red), Harbor Foods' follow-up
    "2d ago" in red, renewals, right-aligned retainers in euros and owners; the cursor on Atlas
    Freight; the footer with Open, Filter, Status, New, Done, Snooze, 1345 Screens, Log, Capture,
    Keys, Quit and ^p Commands."""
    app = app_factory(seeded_db[0])

    async def loaded(pilot: Pilot) -> None:
        await show_roster(app, pilot)

    assert snap_compare(app, terminal_size=(120, 35), run_before=loaded)


def test_roster_snapshot_light_theme(seeded_db, app_factory, snap_compare) -> None:
    """You should see the same roster in the amtui-light theme: dark text on a light background,
    status colours still readable (dark green, amber, red), filtered to "harbor" with the filter
    field open at the top and "1 of 6 clients"."""
    app = app_factory(seeded_db[0], theme="amtui-light")

    async def loaded(pilot: Pilot) -> None:
        await show_roster(app, pilot)
        await pilot.press("slash", *"harbor")
        await settle(app, pilot)

    assert snap_compare(app, terminal_size=(120, 35), run_before=loaded)
