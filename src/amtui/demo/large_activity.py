"""Row generators for the large demo's high-volume tables: interactions, tasks, bookings, spend.

Hot loops (about 1.8 million rows): values are drawn in bulk with ``Random.choices(k=…)`` or
with ``int(random() * n)`` (``randint`` costs several times more), days and instants come
from precomputed text (see :class:`~amtui.demo.large_rows.LargeState`), and an interaction's
kind, direction, duration, sentiment and summary are one pick from a table of outcomes drawn
once with the right weights.
"""

from __future__ import annotations

import random
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
OUTCOMES = 8192
"""Distinct (kind, direction, duration, sentiment, summary, contact, follow-up) draws."""
ESTIMATES = (1.0, 2.0, 3.0, 4.0, 6.0, 8.0, 12.0, 16.0, 24.0)
PRIORITIES = ("low", "normal", "normal", "normal", "high", "urgent")


def split_counts(rng: random.Random, total: int, parts: int) -> list[int]:
    """``total`` split over ``parts`` with uneven (but deterministic) shares; sums exactly."""
    weights = [0.2 + rng.random() ** 2 for _ in range(parts)]
    scale = total / sum(weights)
    counts = [int(w * scale) for w in weights]
    for k in range(total - sum(counts)):
        counts[k % parts] += 1
    return counts


Outcome = tuple[float, str, str, int, str, int, int | None, bool]


def interaction_outcomes(rng: random.Random, n: int = OUTCOMES) -> list[Outcome]:
    """``n`` weighted draws of everything about an interaction but its client, time and id.

    Each is (contact share or -1 for notes, kind, direction, minutes, summary, sentiment,
    follow-up in days or None, whether a past follow-up is done).
    """
    kinds = rng.choices(KINDS, KIND_WEIGHTS, k=n)
    sentiments = rng.choices(SENTIMENTS, SENTIMENT_WEIGHTS, k=n)
    summaries = rng.choices(SUMMARIES, k=n)
    out: list[Outcome] = []
    for kind, sentiment, summary in zip(kinds, sentiments, summaries, strict=True):
        r = rng.random()
        if kind == "note":
            share, direction, minutes, sentiment = -1.0, "internal", 0, 0
        else:
            options = DURATIONS.get(kind)
            share, direction = r, "inbound" if r < 0.4 else "outbound"
            minutes = options[int(r * len(options))] if options else 0
        gap = 2 + int(r * 1000) % 9 if r < 0.08 else None
        out.append((share, kind, direction, minutes, summary, sentiment, gap, r < 0.075))
    return out


def interaction_rows(s: LargeState, total: int, chunk: int) -> Iterator[list[Row]]:
    """``total`` interactions over the past year, client by client, oldest first per client."""
    rng = s.rng("interaction")
    pick = rng.choices
    days = s.days
    per_day = len(TIMES)
    # every quarter hour of the past year: index // per_day - HISTORY_DAYS is the day offset
    stamps = [days[d - FIRST_DAY] + t for d in range(-HISTORY_DAYS, 0) for t in TIMES]
    slots = range(len(stamps))
    first_day = -HISTORY_DAYS - FIRST_DAY  # index into days of the first stamp's day
    outcomes = interaction_outcomes(rng)
    next_id = 1
    rows: list[Row] = []
    extend = rows.extend
    for c, n in enumerate(split_counts(rng, total, len(s.owners)), start=1):
        if n == 0:
            continue
        owner = s.owners[c - 1]
        first, count = s.contacts[c - 1]
        extend([
            (stamps[i], row_id, c, 0 if share < 0 else first + int(share * count), owner, kind, direction,
             minutes, summary, sentiment,
             "" if gap is None else days[first_day + i // per_day + gap],
             0 if gap is None else int(done and i // per_day + gap < HISTORY_DAYS))
            for row_id, (i, (share, kind, direction, minutes, summary, sentiment, gap, done))
            in enumerate(zip(sorted(pick(slots, k=n)), pick(outcomes, k=n), strict=True), start=next_id)
        ])
        next_id += n
        if len(rows) >= chunk:
            yield rows
            rows = []
            extend = rows.extend
    yield rows


def task_rows(s: LargeState, total: int, members: int, chunk: int) -> Iterator[list[Row]]:
    """Tasks project by project within its dates; some unassigned or unscheduled."""
    rng = s.rng("task")
    random = rng.random
    days, at10, at16 = s.days, s.at(10), s.at(16)
    titles, n_titles = TASK_TITLES, len(TASK_TITLES)
    rows: list[Row] = []
    append = rows.append
    i = 0
    for p, n in enumerate(split_counts(rng, total, len(s.projects)), start=1):
        p_start, p_end = s.projects[p - 1]
        span = p_end - p_start + 1
        unscheduled = at10[min(p_start, -1) - FIRST_DAY]
        for _ in range(n):
            i += 1
            assignee = 0 if random() < 0.12 else 1 + int(random() * members)  # 0: NULL (see LAYOUTS)
            r = random()
            title = titles[int(r * 997) % n_titles]
            estimate = ESTIMATES[int(r * 9973) % 9]
            priority = PRIORITIES[int(r * 99991) % 6]
            if r < 0.05:
                append((unscheduled, unscheduled, i, p, assignee, title, estimate, "", "",
                        "blocked" if r < 0.01 else "todo", priority, ""))
                continue
            a = p_start + int(random() * span)
            b = a + int(random() * 11)
            if b > p_end:
                b = p_end
            created = at10[(a - 7 if a < 6 else -1) - FIRST_DAY]
            if b < 0:
                if r < 0.85:
                    done = at16[b - FIRST_DAY]
                    append((created, done, i, p, assignee, title, estimate, days[a - FIRST_DAY], days[b - FIRST_DAY],
                            "done", priority, done))
                    continue
                status = ("todo", "doing", "blocked")[int(r * 100) % 3]
            elif a <= 0:
                status = "doing" if r < 0.6 else "todo"
            else:
                status = "todo"
            append((created, created, i, p, assignee, title, estimate, days[a - FIRST_DAY], days[b - FIRST_DAY],
                    status, priority, ""))
        if len(rows) >= chunk:
            yield rows
            rows = []
            append = rows.append
    yield rows


def booking_rows(s: LargeState, total: int, chunk: int) -> Iterator[list[Row]]:
    """Vendor bookings project by project within its dates: history, confirmed, holds, cancelled.

    Records the completed ones in ``s.completed`` (their invoices are spend rows).
    """
    rng = s.rng("booking")
    random = rng.random
    at8, at11, at17 = s.at(8), s.at(11), s.at(17)
    rates, n_vendors = s.rates, len(s.rates)
    completed = s.completed
    rows: list[Row] = []
    append = rows.append
    i = 0
    for p, n in enumerate(split_counts(rng, total, len(s.projects)), start=1):
        p_start, p_end = s.projects[p - 1]
        span = min(p_end, 180) - p_start + 1
        for _ in range(n):
            i += 1
            v = 1 + int(random() * n_vendors)
            start = p_start + int(random() * span)
            length = 1 + int(random() * 3)
            end = start + length - 1
            r = random()
            expires = ""  # NULL (see LAYOUTS)
            if end < 0:
                status = "completed" if r < 0.88 else "cancelled"
            elif start > 0:
                status = "confirmed" if r < 0.5 else "hold_1" if r < 0.75 else "hold_2" if r < 0.85 else "cancelled"
                if status == "hold_1" or status == "hold_2":
                    expires = at17[int(random() * (min(start - 1, 14) + 1)) - FIRST_DAY]
            else:
                status = "confirmed"
            cost = length * rates[v - 1]
            if status == "completed":
                completed.append((i, p, end, cost))
            po = f"PO-{i:07d}" if status == "confirmed" or status == "completed" else ""
            append((at11[(start - 14 if start < 13 else -1) - FIRST_DAY], i, v, p, at8[start - FIRST_DAY],
                    at17[end - FIRST_DAY], cost, status, expires, po))
        if len(rows) >= chunk:
            yield rows
            rows = []
            append = rows.append
    yield rows


SPEND_KINDS = tuple((c, {"labour": "Team hours", "media": "Media buy", "other": "Materials",
                         "vendor": "Freelancer invoice"}[c])
                    for c in ("labour",) * 6 + ("media",) * 2 + ("other", "vendor"))


def spend_rows(s: LargeState, total: int, chunk: int) -> Iterator[list[Row]]:
    """Spend project by project: invoices of its completed bookings, then labour/media/other."""
    rng = s.rng("spend")
    random = rng.random
    days, at6, at17 = s.days, s.at(6), s.at(17)
    invoices: dict[int, list[tuple[int, int, int]]] = {}
    for booking, project, end, cost in s.completed[:total]:
        invoices.setdefault(project, []).append((booking, end, cost))
    pool = s.started or list(range(1, len(s.projects) + 1))
    generic = split_counts(rng, total - min(len(s.completed), total), len(pool))
    rows: list[Row] = []
    append = rows.append
    next_id = 1
    for p, n in zip(pool, generic, strict=True):
        for booking, end, cost in invoices.get(p, ()):
            at = at6[min(end + 1, 0) - FIRST_DAY]
            append((at, next_id, p, booking, days[end - FIRST_DAY], cost, "vendor", f"Invoice PO-{booking:07d}"))
            next_id += 1
        p_start, p_end = s.projects[p - 1]
        span = max(p_start, min(p_end, 0)) - p_start + 1
        for d in sorted([p_start + int(random() * span) - FIRST_DAY for _ in range(n)]):
            category, note = SPEND_KINDS[int(random() * 10)]
            append((at17[d], next_id, p, 0, days[d], (50 + int(random() * 4951)) * 100, category, note))
            next_id += 1
        if len(rows) >= chunk:
            yield rows
            rows = []
            append = rows.append
    yield rows
