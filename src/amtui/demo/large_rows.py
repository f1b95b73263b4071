"""Row generators for the large demo: people, clients, contacts, vendors, projects.

Each generator yields lists of tuples (chunks) laid out by its table's :data:`LAYOUTS` entry
and records in :class:`LargeState` what later tables refer to. Every table draws from its
own random stream (:meth:`LargeState.rng`), so a table's rows depend only on the seed and
on the facts of the tables it refers to.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from amtui.demo.bulk import Layout, Row
from amtui.demo.large_words import (
    CLIENT_SUFFIX,
    CORE,
    FIRST,
    LAST,
    PREFIX,
    PROJECT_NAMES,
    VENDOR_SUFFIX,
    join_name,
    unique_names,
)

V1 = (("version", 1),)
SAME_UPDATE = (("updated_at", "created_at"),)


def _layout(table: str, fields: str, constants: tuple[tuple[str, object], ...] = V1,
            copies: tuple[tuple[str, str], ...] = SAME_UPDATE, nulls: str = "") -> Layout:
    """A :class:`Layout`; ``nulls`` names nullable fields: ``name=0`` carry 0 for NULL, others ""."""
    return Layout(table, tuple(fields.split()), constants, copies,
                  tuple((f[:-2], 0) if f.endswith("=0") else (f, "") for f in nulls.split()))


LAYOUTS: dict[str, Layout] = {
    "workspace": _layout("workspace", "created_at id agency_name currency variance_threshold_pct "
                         "default_cadence_ideal_days default_cadence_max_days working_days is_demo"),
    "team_member": _layout("team_member", "created_at id name discipline title email weekly_capacity_hours active"),
    "time_off": _layout("time_off", "created_at id member_id first_day last_day reason"),
    "client": _layout("client", "created_at id name status tier industry monthly_retainer contract_start "
                      "renewal_date cadence_ideal_days cadence_max_days owner_id external_id archived_at",
                      (*V1, ("notes", "")), nulls="contract_start renewal_date external_id archived_at"),
    "client_contact": _layout("client_contact", "created_at id client_id name role email phone is_primary",
                              (*V1, ("external_id", None), ("archived_at", None))),
    "vendor": _layout("vendor", "created_at id name service contact_name email phone day_rate",
                      (*V1, ("notes", ""), ("archived_at", None))),
    "project": _layout("project", "created_at id client_id name kind status budget start_on end_on",
                       (*V1, ("carry_over", 0))),
    "change_order": _layout("change_order", "created_at updated_at id project_id amount reason status decided_at",
                            copies=(), nulls="decided_at"),
    "interaction": _layout("interaction", "occurred_at id client_id contact_id logged_by_id kind direction "
                           "duration_minutes summary sentiment follow_up_on follow_up_done",
                           (*V1, ("external_id", None)),
                           (("created_at", "occurred_at"), ("updated_at", "occurred_at")),
                           "contact_id=0 follow_up_on"),
    "task": _layout("task", "created_at updated_at id project_id assignee_id title estimate_hours start_on due_on "
                    "status priority completed_at", copies=(), nulls="assignee_id=0 start_on due_on completed_at"),
    "booking": _layout("booking", "created_at id vendor_id project_id starts_at ends_at cost status "
                       "hold_expires_at po_reference", (*V1, ("notes", "")), nulls="hold_expires_at"),
    "spend": _layout("spend", "created_at id project_id booking_id spent_on amount category note",
                     nulls="booking_id=0"),
}

FIRST_DAY, LAST_DAY = -1600, 400
DISCIPLINES = (("account", 14), ("strategy", 6), ("creative", 8), ("design", 16), ("copy", 8),
               ("development", 12), ("media", 8), ("production", 10), ("video", 6), ("other", 4))
CLIENT_STATUS = (("active", 60), ("at_risk", 8), ("prospect", 12), ("paused", 7), ("churned", 13))
SERVICES = tuple(VENDOR_SUFFIX)


@dataclass
class LargeState:
    """What the generators share: the seed, day/instant text, and id facts.

    ``day(off)`` is the ISO text of today + ``off``; ``stamp(off, hour)`` the stored UTC text;
    ``at(hour)[off - FIRST_DAY]`` the same stamp from a precomputed list (hot loops).
    """

    seed: int
    today: date
    days: list[str] = field(default_factory=list)
    owners: list[int] = field(default_factory=list)  # per client (index = id - 1)
    contacts: list[tuple[int, int]] = field(default_factory=list)  # per client: first id, count
    projects: list[tuple[int, int]] = field(default_factory=list)  # per project: start, end offsets
    started: list[int] = field(default_factory=list)  # ids of projects started by today
    rates: list[int] = field(default_factory=list)  # per vendor: day rate (cents)
    completed: list[tuple[int, int, int, int]] = field(default_factory=list)  # booking, project, end off, cost
    _at: dict[int, list[str]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.days = [(self.today + timedelta(days=o)).isoformat() for o in range(FIRST_DAY, LAST_DAY + 1)]

    def rng(self, table: str) -> random.Random:
        """The random stream of ``table`` (seeded from the demo seed and the name)."""
        return random.Random(f"{self.seed}:{table}")

    def day(self, offset: int) -> str:
        return self.days[offset - FIRST_DAY]

    def stamp(self, offset: int, hour: int = 9, minute: int = 0) -> str:
        return f"{self.days[offset - FIRST_DAY]} {hour:02d}:{minute:02d}:00.000000"

    def at(self, hour: int) -> list[str]:
        """Every day's stamp at ``hour`` (index ``offset - FIRST_DAY``), built once per hour."""
        stamps = self._at.get(hour)
        if stamps is None:
            suffix = f" {hour:02d}:00:00.000000"
            stamps = self._at[hour] = [d + suffix for d in self.days]
        return stamps

    def facts(self) -> dict[str, object]:
        """The id facts later tables need (small; handed to worker processes)."""
        return {"owners": self.owners, "contacts": self.contacts, "projects": self.projects,
                "started": self.started, "rates": self.rates}


def weighted(pairs: tuple[tuple[str, int], ...]) -> tuple[list[str], list[int]]:
    return [p[0] for p in pairs], [p[1] for p in pairs]


def team_rows(s: LargeState, n: int) -> Iterator[list[Row]]:
    """Team members: unique names, mixed disciplines, some part-time."""
    rng = s.rng("team_member")
    values, weights = weighted(DISCIPLINES)
    disciplines = rng.choices(values, weights, k=n)
    created = s.stamp(-900)
    rows = []
    for i, pick in enumerate(unique_names(rng, (FIRST, LAST), n), start=1):
        name = join_name((FIRST, LAST), pick)
        capacity = rng.choice((40.0, 40.0, 40.0, 40.0, 37.5, 32.0, 24.0, 20.0))
        rows.append((created, i, name, disciplines[i - 1], disciplines[i - 1].title(),
                     f"{name.lower().replace(' ', '.')}@agency.example", capacity, int(rng.random() > 0.04)))
    yield rows


def time_off_rows(s: LargeState, n: int, members: int) -> Iterator[list[Row]]:
    """Holidays and sick days over the past half year and the coming months."""
    rng = s.rng("time_off")
    rows = []
    for i in range(1, n + 1):
        first = rng.randint(-180, 120)
        rows.append((s.stamp(min(first - 20, 0)), i, rng.randint(1, members),
                     s.day(first), s.day(first + rng.choice((0, 0, 1, 2, 4, 4, 9))),
                     rng.choice(("Holiday", "Annual leave", "Sick leave", "Training", "Conference"))))
    yield rows


def client_rows(s: LargeState, n: int, members: int, chunk: int) -> Iterator[list[Row]]:
    """Clients with unique names across every status; owners among the team."""
    rng = s.rng("client")
    parts = (PREFIX, CORE, [c[0] for c in CLIENT_SUFFIX])
    statuses = rng.choices(*weighted(CLIENT_STATUS), k=n)
    rows: list[Row] = []
    for i, pick in enumerate(unique_names(rng, parts, n), start=1):
        status = statuses[i - 1]
        start = rng.randint(-1500, -30)
        prospect = status == "prospect"
        renewal = "" if prospect else s.day(start + 365 * ((-start) // 365 + 1))
        ideal = rng.choice((7, 14, 14, 21, 30))
        owner = rng.randint(1, members)
        s.owners.append(owner)
        rows.append((s.stamp(start), i, join_name(parts, pick), status,
                     rng.choice(("strategic", "core", "standard", "standard")), CLIENT_SUFFIX[pick[2]][1],
                     0 if prospect else rng.randrange(1_000, 30_000, 250) * 100,
                     "" if prospect else s.day(start), renewal, ideal, ideal * 2, owner,
                     f"CRM-{i:07d}" if i % 2 else "",
                     s.stamp(rng.randint(-300, -1)) if status == "churned" and rng.random() < 0.3 else ""))
        if len(rows) >= chunk:
            yield rows
            rows = []
    yield rows


def contact_rows(s: LargeState, clients: int, per_client: int, chunk: int) -> Iterator[list[Row]]:
    """1 to ``2 x per_client - 1`` contacts per client (``per_client`` on average), first primary."""
    rng = s.rng("client_contact")
    roles = ("CMO", "Marketing Director", "Brand Manager", "Head of Digital", "Procurement", "Social Lead")
    created = s.stamp(-400)
    next_id, rows = 1, []
    for c in range(1, clients + 1):
        count = rng.randint(1, max(1, 2 * per_client - 1))
        s.contacts.append((next_id, count))
        for k in range(count):
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            rows.append((created, next_id, c, name, rng.choice(roles),
                         f"{name.lower().replace(' ', '.')}@client{c}.example", f"+44 20 555 {rng.randint(1000, 9999)}",
                         int(k == 0)))
            next_id += 1
        if len(rows) >= chunk:
            yield rows
            rows = []
    yield rows


def vendor_rows(s: LargeState, n: int) -> Iterator[list[Row]]:
    """Vendors of every service with day rates; names unique."""
    rng = s.rng("vendor")
    suffixes = [VENDOR_SUFFIX[v] for v in SERVICES]
    created = s.stamp(-800)
    rows = []
    for i, pick in enumerate(unique_names(rng, (PREFIX, CORE, suffixes), n), start=1):
        rate = rng.randrange(300, 4_000, 50) * 100
        s.rates.append(rate)
        rows.append((created, i, join_name((PREFIX, CORE, suffixes), pick), SERVICES[pick[2]],
                     f"{rng.choice(FIRST)} {rng.choice(LAST)}", f"hello@vendor{i}.example",
                     f"+44 20 555 {rng.randint(1000, 9999)}", rate))
    yield rows


def project_rows(s: LargeState, clients: int, per_client: int, chunk: int) -> Iterator[list[Row]]:
    """Campaigns and retainer periods: past, running and planned."""
    rng = s.rng("project")
    next_id, rows = 1, []
    for c in range(1, clients + 1):
        for _ in range(rng.randint(max(0, per_client - 1), per_client + 1)):
            start = rng.randint(-730, 60)
            end = start + rng.randint(20, 180)
            if end < 0:
                status = "completed" if rng.random() < 0.9 else "cancelled"
            elif start > 0:
                status = "planned"
            else:
                status = "active" if rng.random() < 0.9 else "on_hold"
            retainer = rng.random() < 0.3
            s.projects.append((start, end))
            if start <= 0:
                s.started.append(next_id)
            rows.append((s.stamp(min(start - 10, 0)), next_id, c,
                         "Retainer" if retainer else rng.choice(PROJECT_NAMES), "retainer" if retainer else "project",
                         status, rng.randrange(5_000, 250_000, 500) * 100, s.day(start), s.day(end)))
            next_id += 1
        if len(rows) >= chunk:
            yield rows
            rows = []
    yield rows


def change_order_rows(s: LargeState, n: int) -> Iterator[list[Row]]:
    """Change orders on random projects: approved, proposed or rejected, ± amounts."""
    rng = s.rng("change_order")
    reasons = ("Extra deliverables", "Additional shoot day", "Descoped deliverable", "Extra market", "Rush fee")
    rows = []
    for i in range(1, n + 1):
        project = rng.randint(1, len(s.projects))
        status = rng.choice(("approved", "approved", "proposed", "rejected"))
        raised = min(s.projects[project - 1][0] + 5, -1)
        decided = s.stamp(min(raised + 5, -1), 15) if status != "proposed" else ""
        amount = rng.randrange(-5_000, 25_000, 250) * 100
        created = s.stamp(raised, 10)
        rows.append((created, decided or created, i, project, amount, rng.choice(reasons), status, decided))
    yield rows
