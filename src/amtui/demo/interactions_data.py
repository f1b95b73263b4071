"""Words for the small demo's interaction log: templates and the scripted story touches."""

from __future__ import annotations

from typing import NamedTuple

from amtui.enums import Direction as Dir
from amtui.enums import InteractionKind as K

IN, OUT, INT = Dir.INBOUND, Dir.OUTBOUND, Dir.INTERNAL

# kind → (direction, tone, text); tone: +1 positive, 0 neutral, -1 negative.
# {c}: contact's first name, {p}: one of the client's projects, {client}: the client.
TEMPLATES: dict[K, tuple[tuple[Dir, int, str], ...]] = {
    K.CALL: (
        (OUT, 1, "Status call with {c}: {p} on track, happy with the latest drafts."),
        (IN, 1, "{c} called to say the board loved the {p} concepts."),
        (OUT, 1, "Catch-up with {c} on next quarter: wants to extend the social work."),
        (OUT, 0, "Weekly status call with {c}: went through {p} timings and open approvals."),
        (IN, 0, "{c} called about invoice timing; walked through the hours breakdown."),
        (OUT, 0, "Call with {c} to align on the {p} review schedule."),
        (IN, -1, "Tense call with {c}: frustrated by the {p} delays."),
        (IN, -1, "{c} questioned the media spend on {p}; wants a breakdown by channel."),
    ),
    K.EMAIL: (
        (OUT, 0, "Sent {c} the updated {p} estimate for sign-off."),
        (OUT, 0, "Shared the monthly performance report with {c}."),
        (OUT, 0, "Sent round 2 of the {p} artwork with tracked changes."),
        (OUT, 1, "Sent {c} the {p} timeline with the new review dates; quick thumbs up back."),
        (IN, 1, "{c} approved the {p} schedule and the first drafts."),
        (IN, 1, "{c}: thank-you note, {p} results ahead of plan."),
        (IN, 0, "{c} sent consolidated feedback on {p}: tone, logo size, two copy fixes."),
        (IN, 0, "Question from {c} about usage rights for the {p} images."),
        (IN, -1, "{c} unhappy with the {p} numbers; asked what we will change."),
        (IN, -1, "Escalation from {c}: a missed deadline on {p}."),
    ),
    K.MEETING: (
        (OUT, 1, "Monthly review with {c}: results up, next month's plan agreed."),
        (OUT, 1, "Workshop with {c} and team on {p} messaging; great session."),
        (OUT, 0, "Monthly review with {c}: results, next month's plan, budget check."),
        (OUT, 0, "Kick-off for {p} with {c} and procurement."),
        (OUT, -1, "Review with {c}: results below target, they want a recovery plan."),
    ),
    K.MESSAGE: (
        (IN, 1, "{c} on Teams: loved the cut, go ahead."),
        (IN, 0, "{c} asked to move Thursday's review to Friday morning."),
        (OUT, 0, "Quick message to {c} confirming the call time."),
        (IN, 0, "{c} sent over the brand assets we asked for."),
        (IN, -1, "{c}: still waiting on the revised figures, please chase."),
    ),
    K.NOTE: (
        (INT, 0, "Internal: {p} hours trending high, raise it at the next status call."),
        (INT, 0, "Internal: prep for the {client} quarterly review, pull three months of results."),
        (INT, 0, "Internal: {c} mentioned budget planning starts next month."),
    ),
}

KIND_WEIGHTS: tuple[tuple[K, float], ...] = (
    (K.CALL, 0.25), (K.EMAIL, 0.35), (K.MEETING, 0.12), (K.MESSAGE, 0.15), (K.NOTE, 0.13),
)
DURATION = {K.CALL: (15, 45, 5), K.MEETING: (30, 90, 15)}


class Profile(NamedTuple):
    """How a client's generated history looks: newest day, gap between touches, mood."""

    newest: int
    gaps: tuple[int, int]
    mood: str  # "good", "mixed" or "bad"


PROFILES: dict[str, Profile] = {
    "Nordlicht Energie": Profile(-1, (2, 5), "good"),
    "Harbor Foods": Profile(-29, (5, 10), "mixed"),
    "Lumen Optics": Profile(-2, (3, 7), "good"),
    "Café Øresund": Profile(-3, (4, 8), "good"),
    "Kestrel Outdoor": Profile(-54, (5, 9), "mixed"),
    "Aster Health": Profile(-1, (2, 6), "good"),
    "Meridian Bank": Profile(-1, (2, 4), "good"),
    "Tidewater Logistics": Profile(-26, (6, 12), "bad"),
    "Fjordline Ferries": Profile(-6, (5, 10), "good"),
    "Greenleaf Grocers": Profile(-28, (15, 30), "mixed"),
    "Pinecrest Hotels": Profile(-4, (4, 9), "good"),
}


class Scripted(NamedTuple):
    """One hand-written touch; ``follow_up`` is an offset, ``done`` its state."""

    client: str
    day: int
    hour: int
    minute: int
    kind: K
    direction: Dir
    contact: str | None  # full name
    minutes: int
    summary: str
    sentiment: int
    follow_up: int | None = None
    done: bool = False


NORDLICHT_FOLLOW_UP = -2
"""The CMO follow-up: due two days ago, still open."""
HARBOR_LAST_TOUCH = -23
"""Harbor Foods' newest interaction: 23 days ago."""

SCRIPTED: tuple[Scripted, ...] = (
    Scripted("Nordlicht Energie", -6, 10, 0, K.MEETING, OUT, "Katrin Vogel", 60,
             "Quarterly media review with Katrin: she wants revised media figures with the new CPMs "
             "before she signs off; promised them within four days.", 0, NORDLICHT_FOLLOW_UP),
    Scripted("Harbor Foods", HARBOR_LAST_TOUCH, 16, 40, K.EMAIL, OUT, "Owen Fletcher", 0,
             "Sent Owen the renewal proposal and next year's rate card; he will come back once "
             "procurement has reviewed it.", 0),
    Scripted("Kestrel Outdoor", -47, 14, 0, K.MEETING, OUT, "Ryan Mitchell", 60,
             "First meeting with Ryan (new VP Marketing): critical of our reporting and of the launch budget.", -1),
    Scripted("Kestrel Outdoor", -40, 9, 15, K.EMAIL, IN, "Hannah Cole", 0,
             "Hannah asked again for live access to the reporting dashboard; the link we sent has expired.",
             -1, -5),
    Scripted("Kestrel Outdoor", -33, 11, 30, K.CALL, IN, "Ryan Mitchell", 45,
             "Difficult call with Ryan: the last campaign missed its sales targets; he wants a recovery "
             "plan before any renewal talk.", -2, -9),
    Scripted("Tidewater Logistics", -18, 15, 0, K.CALL, IN, "Mark Jensen", 20,
             "Mark confirmed next year's marketing budget cut; the trade show is still on, everything else "
             "is under review. Send a reduced-scope proposal.", -1, -4),
    Scripted("Orbit Robotics", -12, 8, 45, K.EMAIL, IN, "Daniel Kim", 0,
             "Enquiry via the website: launch campaign for their warehouse robot, budget to be confirmed.", 1),
    Scripted("Orbit Robotics", -9, 14, 30, K.CALL, OUT, "Daniel Kim", 30,
             "Intro call with Daniel and Laura: launch in five months, they want a pitch in three weeks.", 1),
    Scripted("Orbit Robotics", -4, 11, 0, K.EMAIL, OUT, "Daniel Kim", 0,
             "Sent the pitch schedule and asked for their brand guidelines.", 0, 3),
    Scripted("Saltmarsh Distillery", -20, 19, 30, K.NOTE, INT, "Fiona MacLeod", 0,
             "Met Fiona at the food & drink awards; interested in help with export packaging.", 1),
    Scripted("Saltmarsh Distillery", -15, 10, 0, K.EMAIL, OUT, "Fiona MacLeod", 0,
             "Sent Fiona our drinks case studies and suggested a call after their board meeting.", 0, 5),
    Scripted("Copperline Architects", -85, 9, 30, K.EMAIL, IN, "Henrik Larsen", 0,
             "Henrik: the partners want to bring content in-house next year.", -1),
    Scripted("Copperline Architects", -70, 15, 0, K.MEETING, OUT, "Henrik Larsen", 45,
             "Renewal meeting: they will not renew; asked for a handover plan.", -1),
    Scripted("Copperline Architects", -50, 10, 30, K.CALL, OUT, "Emma Fischer", 30,
             "Offboarding call with Emma: asset handover complete, our access removed.", 0),
    Scripted("Brio Games", -80, 12, 0, K.NOTE, INT, None, 0,
             "Brio acquired by its publisher; account closed, final invoice paid.", 0),
)
