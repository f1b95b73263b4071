"""Row generators for the large demo's high-volume tables: interactions, tasks, bookings, spend.

Hot loops: values are drawn in bulk with ``Random.choices(k=…)`` where possible and days and
instants come from precomputed text (see :class:`~amtui.demo.large_rows.LargeState`).
"""

from __future__ import annotations

from collections.abc import Iterator

from amtui.demo.bulk import Row
from amtui.demo.large_rows import FIRST_DAY, LargeState
from amtui.demo.large_words import SUMMARIES, TASK_TITLES

HISTORY_DAYS = 365
TIMES = tuple(f" {h:02d}:{m:02d}:00.000000" for h in range(7, 18) for m in (0, 15, 30, 45))
KINDS = ("call", "email", "meeting", "message", "note")
KIND_WEIGHTS = (25, 35, 12, 15, 13)
DURATIONS = {"call": (15, 20, 25, 30, 45), "meeting": (30, 45, 60, 90)}
SENTIMENTS = (-2, -1, 0, 1, 2)
SENTIMENT_WEIGHTS = (2, 8, 45, 35, 10)


def split_counts(s: LargeState, total: int, parts: int) -> list[int]:
    """``total`` split over ``parts`` with uneven (but deterministic) shares; sums exactly."""
    weights = [0.2 + s.rng.random() ** 2 for _ in range(parts)]
    scale = total / sum(weights)
    counts = [int(w * scale) for w in weights]
    for k in range(total - sum(counts)):
        counts[k % parts] += 1
    return counts


def interaction_rows(s: LargeState, total: int, chunk: int) -> Iterator[list[Row]]:
    """``total`` interactions over the past year, client by client, oldest first per client."""
    rng, days = s.rng, s.days
    random = rng.random
    next_id, rows = 1, []
    for c, n in enumerate(split_counts(s, total, len(s.owners)), start=1):
        if n == 0:
            continue
        owner = s.owners[c - 1]
        first_contact, n_contacts = s.contacts[c - 1]
        offsets = sorted(rng.choices(range(-HISTORY_DAYS, 0), k=n))
        slots = rng.choices(TIMES, k=n)
        kinds = rng.choices(KINDS, KIND_WEIGHTS, k=n)
        sentiments = rng.choices(SENTIMENTS, SENTIMENT_WEIGHTS, k=n)
        summaries = rng.choices(SUMMARIES, k=n)
        for j in range(n):
            d, kind = offsets[j], kinds[j]
            at = days[d - FIRST_DAY] + slots[j]
            r = random()
            if kind == "note":
                contact, direction, minutes, sentiment = None, "internal", 0, 0
            else:
                contact = first_contact + int(r * n_contacts)
                direction = "inbound" if r < 0.4 else "outbound"
                options = DURATIONS.get(kind)
                minutes = options[int(r * len(options))] if options else 0
                sentiment = sentiments[j]
            follow_up, done = None, False
            if r < 0.08:
                due = d + 2 + int(r * 1000) % 9
                follow_up, done = days[due - FIRST_DAY], due < 0 and r < 0.075
            rows.append((1, at, at, next_id, c, contact, owner, kind, direction, at, minutes, summaries[j],
                         sentiment, follow_up, done, None))
            next_id += 1
        if len(rows) >= chunk:
            yield rows
            rows = []
    yield rows


def task_rows(s: LargeState, total: int, members: int, chunk: int) -> Iterator[list[Row]]:
    """Tasks project by project within its dates; some unassigned or unscheduled."""
    rng, days = s.rng, s.days
    randint, random = rng.randint, rng.random
    rows: list[Row] = []
    i = 0
    for p, n in enumerate(split_counts(s, total, len(s.projects)), start=1):
        p_start, p_end = s.projects[p - 1]
        for _ in range(n):
            i += 1
            assignee = None if random() < 0.12 else randint(1, members)
            r = random()
            completed = None
            if r < 0.05:
                start = due = None
                status = "blocked" if r < 0.01 else "todo"
                created = s.stamp(min(p_start, -1), 10)
            else:
                a = randint(p_start, p_end)
                b = min(a + randint(0, 10), p_end)
                start, due = days[a - FIRST_DAY], days[b - FIRST_DAY]
                if b < 0:
                    status = "done" if r < 0.85 else ("todo", "doing", "blocked")[int(r * 100) % 3]
                elif a <= 0:
                    status = "doing" if r < 0.6 else "todo"
                else:
                    status = "todo"
                if status == "done":
                    completed = days[b - FIRST_DAY] + " 16:00:00.000000"
                created = s.stamp(min(a - 7, -1), 10)
            rows.append((1, created, completed or created, i, p, assignee, TASK_TITLES[int(r * 997) % len(TASK_TITLES)],
                         float((1, 2, 3, 4, 6, 8, 12, 16, 24)[int(r * 9973) % 9]), start, due, status,
                         ("low", "normal", "normal", "normal", "high", "urgent")[int(r * 99991) % 6], completed))
        if len(rows) >= chunk:
            yield rows
            rows = []
    yield rows


def booking_rows(s: LargeState, total: int, chunk: int) -> Iterator[list[Row]]:
    """Vendor bookings project by project within its dates: history, confirmed, holds, cancelled."""
    rng = s.rng
    randint, random = rng.randint, rng.random
    n_vendors = len(s.rates)
    rows: list[Row] = []
    i = 0
    for p, n in enumerate(split_counts(s, total, len(s.projects)), start=1):
        p_start, p_end = s.projects[p - 1]
        for _ in range(n):
            i += 1
            v = randint(1, n_vendors)
            start = randint(p_start, min(p_end, 180))
            length = randint(1, 3)
            end = start + length - 1
            r = random()
            expires = None
            if end < 0:
                status = "completed" if r < 0.88 else "cancelled"
            elif start > 0:
                status = "confirmed" if r < 0.5 else "hold_1" if r < 0.75 else "hold_2" if r < 0.85 else "cancelled"
                if status in ("hold_1", "hold_2"):
                    expires = s.stamp(randint(0, min(start - 1, 14)), 17)
            else:
                status = "confirmed"
            cost = length * s.rates[v - 1]
            if status == "completed":
                s.completed.append((i, p, end, cost))
            created = s.stamp(min(start - 14, -1), 11)
            po = f"PO-{i:07d}" if status in ("confirmed", "completed") else ""
            rows.append((1, created, created, i, v, p, s.stamp(start, 8), s.stamp(end, 17), cost, status, expires,
                         po, ""))
        if len(rows) >= chunk:
            yield rows
            rows = []
    yield rows


SPEND_CATEGORIES = ("labour", "labour", "labour", "labour", "labour", "labour", "media", "media", "other", "vendor")
SPEND_NOTES = {"labour": "Team hours", "media": "Media buy", "other": "Materials", "vendor": "Freelancer invoice"}


def spend_rows(s: LargeState, total: int, chunk: int) -> Iterator[list[Row]]:
    """Spend project by project: invoices of its completed bookings, then labour/media/other."""
    rng, days = s.rng, s.days
    randint, random = rng.randint, rng.random
    invoices: dict[int, list[tuple[int, int, int]]] = {}
    for booking, project, end, cost in s.completed[:total]:
        invoices.setdefault(project, []).append((booking, end, cost))
    pool = s.started or list(range(1, len(s.projects) + 1))
    generic = split_counts(s, total - min(len(s.completed), total), len(pool))
    rows: list[Row] = []
    next_id = 1
    for p, n in zip(pool, generic):
        for booking, end, cost in invoices.get(p, ()):
            at = s.stamp(min(end + 1, 0), 6)
            rows.append((1, at, at, next_id, p, booking, days[end - FIRST_DAY], cost, "vendor",
                         f"Invoice PO-{booking:07d}"))
            next_id += 1
        p_start, p_end = s.projects[p - 1]
        last = max(p_start, min(p_end, 0))
        for d in sorted(randint(p_start, last) for _ in range(n)):
            category = SPEND_CATEGORIES[int(random() * 10)]
            day = days[d - FIRST_DAY]
            at = day + " 17:00:00.000000"
            rows.append((1, at, at, next_id, p, None, day, randint(50, 5_000) * 100, category, SPEND_NOTES[category]))
            next_id += 1
        if len(rows) >= chunk:
            yield rows
            rows = []
    yield rows
