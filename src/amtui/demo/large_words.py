"""Word lists for the large demo's generated names, and a unique-name picker."""

from __future__ import annotations

import random
from collections.abc import Sequence

FIRST = (
    "Ada", "Alex", "Amara", "Anna", "Arjun", "Ben", "Bianca", "Carla", "Chen", "Chloe", "Daniel", "Dara",
    "David", "Elena", "Eli", "Emma", "Erik", "Eva", "Farah", "Felix", "Fiona", "Grace", "Hana", "Hugo",
    "Ines", "Ivan", "Jade", "James", "Jana", "Jonas", "Julia", "Kai", "Karin", "Kofi", "Lara", "Leo",
    "Lina", "Luca", "Maya", "Mehmet", "Mia", "Nadia", "Nina", "Noah", "Nora", "Omar", "Oscar", "Paula",
    "Pedro", "Priya", "Rafael", "Rosa", "Ruth", "Sam", "Sara", "Sofia", "Tariq", "Tom", "Vera", "Yuki",
)
LAST = (
    "Adams", "Ahmed", "Alvarez", "Baker", "Berg", "Brandt", "Carter", "Costa", "Dahl", "Demir", "Dubois",
    "Evans", "Fischer", "Garcia", "Hale", "Hansen", "Holm", "Ito", "Jensen", "Kapoor", "Keller", "Kim",
    "Larsen", "Lindqvist", "Lopez", "Marin", "Meyer", "Moreau", "Mueller", "Nakamura", "Nielsen", "Novak",
    "Okafor", "Olsen", "Ortega", "Patel", "Petersen", "Quinn", "Raman", "Reid", "Rossi", "Santos", "Schmidt",
    "Silva", "Sorensen", "Suzuki", "Taylor", "Thomsen", "Varga", "Vogel", "Walsh", "Weber", "Weiss", "Young",
)
PREFIX = (
    "Amber", "Arctic", "Aspen", "Atlas", "Azure", "Beacon", "Birch", "Blue", "Bright", "Cedar", "Cobalt",
    "Coral", "Crown", "Crystal", "Delta", "Eagle", "Ember", "Falcon", "Fern", "Fox", "Golden", "Granite",
    "Green", "Harbor", "Hazel", "Horizon", "Iron", "Ivy", "Juniper", "Lake", "Lark", "Linden", "Maple",
    "Meadow", "Moss", "North", "Oak", "Ocean", "Olive", "Orchid", "Pine", "Quartz", "Raven", "Red", "River",
    "Rose", "Sage", "Silver", "Stone", "Summit",
)
CORE = (
    "Bay", "Bridge", "Brook", "Canyon", "Cliff", "Coast", "Creek", "Crest", "Dale", "Dune", "Field", "Fjord",
    "Forge", "Gate", "Glen", "Grove", "Haven", "Hill", "Hollow", "Isle", "Key", "Leaf", "Light", "Line",
    "Marsh", "Mill", "Moor", "Peak", "Point", "Pond", "Port", "Ridge", "Rock", "Shore", "Spring", "Star",
    "Stream", "Tide", "Vale", "View", "Water", "Wave", "Well", "Wind", "Wood", "Works", "Yard", "Zenith",
    "Arc", "Loop",
)
# client name suffix → industry
CLIENT_SUFFIX = (
    ("Foods", "Food & beverage"), ("Bank", "Financial services"), ("Hotels", "Hospitality"),
    ("Logistics", "Logistics"), ("Health", "Healthcare"), ("Energy", "Energy"), ("Outdoor", "Outdoor apparel"),
    ("Optics", "Retail"), ("Robotics", "Technology"), ("Software", "Technology"), ("Insurance", "Insurance"),
    ("Motors", "Automotive"), ("Ferries", "Travel"), ("Games", "Gaming"), ("Architects", "Professional services"),
    ("Grocers", "Grocery retail"), ("Brewing", "Drinks"), ("Fashion", "Fashion"), ("Telecom", "Telecoms"),
    ("University", "Education"),
)
VENDOR_SUFFIX = {
    "photography": "Photography", "print": "Print", "video": "Films", "translation": "Translations",
    "freelance": "Freelance", "illustration": "Illustration", "audio": "Audio", "events": "Events",
    "other": "Services",
}
PROJECT_NAMES = (
    "Spring campaign", "Summer campaign", "Autumn launch", "Winter campaign", "Website refresh",
    "Brand refresh", "Product launch", "Social always-on", "Trade show", "Annual report", "Video series",
    "Podcast series", "Packaging redesign", "Loyalty programme", "Recruitment campaign", "Store opening",
    "Email programme", "SEO programme", "Content hub", "Event launch",
)
TASK_TITLES = (
    "Brief and kick-off", "Concept routes", "Key visual", "Copy deck", "Landing page build", "Media plan",
    "Shoot production", "Final artwork", "Social assets", "Client review", "Performance report",
    "Storyboard", "Retouching", "Translation check", "Legal review", "QA and launch", "Presentation deck",
    "Budget reconciliation", "Print proofs", "Edit and grade",
)
SUMMARIES = (
    "Weekly status call: on track, approvals pending.", "Sent the updated estimate for sign-off.",
    "Monthly review: results, plan, budget check.", "Client approved the schedule and first drafts.",
    "Feedback on round 1: tone, logo size, two copy fixes.", "Shared the monthly performance report.",
    "Question about usage rights for the shoot images.", "Asked to move Thursday's review to Friday.",
    "Internal: hours trending high, raise at next status call.", "Workshop on campaign messaging.",
    "Client unhappy with results; wants a recovery plan.", "Invoice query; walked through the hours breakdown.",
    "Kick-off with the client team and procurement.", "Thank-you note: results ahead of plan.",
    "Escalation about a missed deadline.", "Confirmed the call time for next week.",
)


def unique_names(rng: random.Random, parts: Sequence[Sequence[str]], n: int) -> list[tuple[int, ...]]:
    """``n`` distinct index tuples into ``parts`` (one index per part), in random order.

    When ``n`` exceeds the combinations, later picks repeat combinations and the caller adds
    a number (the last tuple element is then the repeat count, else 0).
    """
    sizes = [len(p) for p in parts]
    total = 1
    for s in sizes:
        total *= s
    picks = rng.sample(range(total), n) if n <= total else list(range(n))
    out = []
    for k in picks:
        repeat, k = divmod(k, total)
        idx = []
        for s in reversed(sizes):
            k, r = divmod(k, s)
            idx.append(r)
        out.append((*reversed(idx), repeat))
    return out


def join_name(parts: Sequence[Sequence[str]], pick: tuple[int, ...], sep: str = " ") -> str:
    """The name for a :func:`unique_names` pick (``"Amber Bay Foods"``, ``"… 2"`` on repeats)."""
    name = sep.join(p[i] for p, i in zip(parts, pick, strict=False))  # pick ends with the repeat count
    return f"{name} {pick[-1] + 1}" if pick[-1] else name
