"""The small demo's tasks: a busy studio with one overloaded designer.

Next week Priya (design, 37.5 h) has 48 h of tasks that start and end inside it: 128%.
Tom (design, 40 h) has 12 h, so he has room; Lea is on leave all next week and has nothing
due in it. Some tasks are overdue, some unassigned, some unscheduled.
"""

from __future__ import annotations

from typing import NamedTuple

from amtui.demo.builder import DemoBuilder
from amtui.demo.timebase import DayRef
from amtui.enums import TaskPriority as TP
from amtui.enums import TaskStatus as TS
from amtui.models import Task

PRIYA_NEXT_WEEK_HOURS = 48.0
"""Sum of Priya's estimates next week (capacity 37.5 h → 128%)."""


class TaskSpec(NamedTuple):
    project: str
    title: str
    who: str | None  # first name, None = unassigned
    hours: float
    start: DayRef
    due: DayRef
    status: TS | None = None  # None: done before today, doing while running, else todo
    priority: TP = TP.NORMAL


N, H, U, L = TP.NORMAL, TP.HIGH, TP.URGENT, TP.LOW
TASKS: tuple[TaskSpec, ...] = (
    # Priya's next week: 16 + 14 + 10 + 8 = 48 h
    TaskSpec("lumen_shoot", "Lookbook layout", "Priya", 16, "nw0", "nw2", TS.TODO, H),
    TaskSpec("harbor_pack", "Pack artwork, round 2", "Priya", 14, "nw1", "nw3", TS.TODO, H),
    TaskSpec("cafe_ret", "Menu boards for the new season", "Priya", 10, "nw2", "nw4", TS.TODO),
    TaskSpec("meridian_app", "App store screenshots", "Priya", 8, "nw3", "nw4", TS.TODO, U),
    TaskSpec("lumen_shoot", "Moodboard and shot references", "Priya", 10, "tw0", "tw2"),
    TaskSpec("nl_film", "Storyboard frames", "Priya", 16, -14, -8, TS.DONE),
    # Tom's next week: 12 h
    TaskSpec("fjord_routes", "Route banners, all sizes", "Tom", 8, "nw0", "nw1", TS.TODO),
    TaskSpec("pine_photo", "Brochure retouching", "Tom", 4, "nw2", "nw2", TS.TODO),
    TaskSpec("aster_video", "End frames and supers", "Tom", 6, "tw1", "tw3"),
    TaskSpec("tidewater_show", "Stand graphics", "Tom", 12, -10, -4, TS.DONE),
    TaskSpec("tidewater_show", "Leaflet artwork to print", "Tom", 4, -4, -1, TS.TODO, H),
    # Nordlicht
    TaskSpec("nl_film", "Script sign-off with Katrin", "Nora", 4, -20, -15, TS.DONE, H),
    TaskSpec("nl_film", "Casting shortlist", "Felix", 6, -6, -2, TS.DOING, H),
    TaskSpec("nl_film", "Location recce", "Felix", 8, 12, 13, TS.TODO),
    TaskSpec("nl_film", "Social cut-down plan", "Lea", 6, None, None, TS.TODO, L),
    TaskSpec("nl_film", "Grade and finishing brief", None, 5, 20, 25, TS.TODO),
    TaskSpec("nl_media", "Revised media figures for Katrin", "Elif", 6, -4, -2, TS.DOING, U),
    TaskSpec("nl_media", "Weekly pacing report", "Elif", 3, "tw0", "tw4"),
    TaskSpec("nl_media", "Post-campaign analysis", "Elif", 12, 16, 25, TS.TODO),
    TaskSpec("nl_ret", "Monthly performance report", "Maya", 4, "tw3", "tw4"),
    # Harbor Foods
    TaskSpec("harbor_pack", "Allergen panel copy", "Lea", 6, -10, -3, TS.BLOCKED, H),
    TaskSpec("harbor_pack", "Print-ready artwork checks", "Felix", 4, 14, 16, TS.TODO),
    TaskSpec("harbor_pack", "Retailer sell-in deck", "Nora", 8, None, 18, TS.TODO),
    TaskSpec("harbor_shoot", "Shot list", "Felix", 5, 2, 5, TS.TODO),
    TaskSpec("harbor_shoot", "Book a food stylist", None, 2, None, 6, TS.TODO, H),
    TaskSpec("harbor_ret", "Renewal proposal and rate card", "Maya", 6, -2, 10, TS.DOING, H),
    # Lumen Optics
    TaskSpec("lumen_shoot", "Model casting", "Felix", 6, -8, -1, TS.DOING, H),
    TaskSpec("lumen_shoot", "Shoot day call sheet", "Felix", 4, 6, 8, TS.TODO),
    TaskSpec("lumen_shoot", "Retouching", None, 20, 12, 20, TS.TODO),
    TaskSpec("lumen_shoot", "Confirm the photographer hold", "Jonas", 1, 0, 1, TS.TODO, U),
    # Café Øresund
    TaskSpec("cafe_ret", "Instagram content calendar", "Lea", 6, "tw0", "tw3"),
    TaskSpec("cafe_ret", "Newsletter: seasonal specials", "Lea", 4, -6, -2, TS.DONE),
    TaskSpec("cafe_menu", "Launch concept", "Nora", 10, 20, 28, TS.TODO),
    # Kestrel Outdoor (at risk)
    TaskSpec("kestrel_launch", "Campaign recovery plan", "Nora", 12, -12, -5, TS.TODO, U),
    TaskSpec("kestrel_launch", "Range landing page", "Ravi", 24, -10, 5, TS.DOING),
    TaskSpec("kestrel_launch", "Product photography selects", None, 4, None, None, TS.TODO),
    # Aster Health
    TaskSpec("aster_video", "Patient consent forms", "Maya", 3, -9, -4, TS.DONE),
    TaskSpec("aster_video", "Interview guides", "Lea", 5, -5, 0, TS.DOING),
    TaskSpec("aster_video", "Subtitles and captions", None, 6, 30, 40, TS.TODO),
    TaskSpec("aster_audit", "Accessibility fixes", "Ravi", 30, -60, -10, TS.DONE),
    # Meridian Bank
    TaskSpec("meridian_app", "Launch landing page", "Ravi", 32, -20, 10, TS.DOING, H),
    TaskSpec("meridian_app", "Paid social launch plan", "Elif", 10, -3, 4, TS.DOING),
    TaskSpec("meridian_app", "Legal copy review", "Lea", 4, -7, -3, TS.TODO, H),
    TaskSpec("meridian_app", "Press release", "Maya", 5, None, 9, TS.TODO),
    TaskSpec("meridian_podcast", "Episode outlines", "Nora", 8, -5, 3, TS.DOING),
    TaskSpec("meridian_podcast", "Guest shortlist", None, 3, None, None, TS.TODO, L),
    # others
    TaskSpec("tidewater_show", "Stand build sign-off", "Sofia", 2, 5, 6, TS.TODO),
    TaskSpec("fjord_routes", "Translation brief", "Lea", 2, -3, -1, TS.DONE),
    TaskSpec("fjord_routes", "TV spot edit", "Felix", 10, 15, 22, TS.TODO),
    TaskSpec("greenleaf_loyalty", "Loyalty app wireframes", "Ravi", 20, None, None, TS.BLOCKED, L),
    TaskSpec("pine_photo", "Room photography shot list", "Felix", 3, -2, 2, TS.DOING),
    TaskSpec("pine_photo", "Spa landing page copy", "Lea", 5, 12, 15, TS.TODO),
    TaskSpec("orbit_pitch", "Pitch deck", "Nora", 12, 1, 6, TS.TODO, H),
    TaskSpec("orbit_pitch", "Pitch creative routes", None, 14, 2, 6, TS.TODO, H),
    TaskSpec("copper_content", "Final content handover", "Jonas", 4, -45, -40, TS.DONE),
)


def build_tasks(b: DemoBuilder) -> None:
    """Add every task; a task without an explicit status takes it from its dates."""
    t = b.time
    for spec in TASKS:
        start, due = t.resolve(spec.start), t.resolve(spec.due)
        status = spec.status
        if status is None:
            if due is not None and due < t.today:
                status = TS.DONE
            elif start is not None and start <= t.today:
                status = TS.DOING
            else:
                status = TS.TODO
        created_day = (start - t.today).days - 5 if start is not None else -6
        b.add(Task, project_id=b.id("project", spec.project),
              assignee_id=b.id("member", spec.who) if spec.who else None, title=spec.title,
              estimate_hours=float(spec.hours), start_on=start, due_on=due, status=status, priority=spec.priority,
              completed_at=t.at(due or t.today, 16) if status is TS.DONE else None,
              created=t.stamp(min(created_day, -1), 10))
