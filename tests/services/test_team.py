"""Team service on SQLite and PostgreSQL: workload, member tasks, reassignment, time off, tasks."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from amtui.db import Database
from amtui.enums import Discipline, TaskStatus
from amtui.models import Task, TeamMember, TimeOff, Workspace
from amtui.rules.workload import Band
from amtui.services.errors import NotFoundError, StaleEditError, ValidationError
from amtui.services.team import (
    TRAY_SHOWN,
    TaskForm,
    TimeOffForm,
    add_time_off,
    delete_time_off,
    member_tasks,
    over_capacity_this_week,
    reassign_candidates,
    reassign_task,
    save_task,
    update_time_off,
    workload,
)

TODAY = date(2026, 11, 24)  # Tuesday; this week starts Mon 23 Nov
NEXT = date(2026, 11, 30)  # next Monday


def day(n: int) -> date:
    return TODAY + timedelta(days=n)


@pytest.fixture
def team(db: Database, seed) -> dict[str, int]:
    """Priya (design, 37.5 h) has 48 h next week; Tom (design, 40 h) 12 h; Ana (copy) is idle."""
    with db.write() as s:
        s.add(Workspace(agency_name="Test"))
    ids = {"priya": seed.member(db, "Priya Raman", discipline=Discipline.DESIGN, weekly_capacity_hours=37.5,
                                title="Senior designer"),
           "tom": seed.member(db, "Tom Becker", discipline=Discipline.DESIGN),
           "ana": seed.member(db, "Ana Ruiz", discipline=Discipline.COPY, weekly_capacity_hours=24),
           "gone": seed.member(db, "Old Hand", active=False)}
    client = seed.client(db, "Harbor Foods")
    ids["project"] = seed.project(db, client, "Pack refresh", date(2026, 11, 1), date(2027, 1, 31))

    def task(title: str, who: str | None, hours: float, start: date | None, due: date | None, **kw) -> int:
        return seed.add(db, Task(project_id=ids["project"], assignee_id=ids[who] if who else None, title=title,
                                 estimate_hours=hours, start_on=start, due_on=due, **kw))[0]

    ids["lookbook"] = task("Lookbook layout", "priya", 16, NEXT, NEXT + timedelta(2))
    task("Pack artwork", "priya", 14, NEXT + timedelta(1), NEXT + timedelta(3))
    task("Menu boards", "priya", 10, NEXT + timedelta(2), NEXT + timedelta(4))
    task("Screenshots", "priya", 8, None, NEXT + timedelta(4))  # due day only
    task("Old storyboard", "priya", 30, day(-20), day(-10), status=TaskStatus.DONE)  # ignored
    ids["undated"] = task("Social plan", "priya", 6, None, None)
    ids["overdue"] = task("Leaflet", "tom", 4, day(-5), day(-1), status=TaskStatus.DOING)
    task("Route banners", "tom", 8, NEXT, NEXT + timedelta(1))
    task("Nobody's", None, 5, day(2), day(3))
    task("Inactive's", "gone", 5, day(2), day(3))
    return ids


def test_tray_counts_every_undated_task_and_names_the_biggest(db: Database, team: dict[str, int], seed) -> None:
    """Twelve undated tasks of Tom (one done, one blocked): all eleven open ones counted and summed,
    the TRAY_SHOWN biggest named (ties by id); other members' trays untouched."""
    hours = [3, 9, 1, 9, 5, 2, 7, 4, 6, 8, 2.5]
    ids = seed.add(db, *(Task(project_id=team["project"], assignee_id=team["tom"], title=f"undated {i}",
                              estimate_hours=h, status=TaskStatus.BLOCKED if i == 4 else TaskStatus.TODO)
                         for i, h in enumerate(hours)),
                   Task(project_id=team["project"], assignee_id=team["tom"], title="done", estimate_hours=50,
                        status=TaskStatus.DONE))
    tray = workload(db, TODAY).member(team["tom"]).unscheduled
    expected = sorted(zip(hours, ids, strict=False), key=lambda p: (-p[0], p[1]))[:TRAY_SHOWN]
    assert (tray.count, tray.hours) == (11, sum(hours))
    assert [(t.hours, t.id) for t in tray.biggest] == expected
    assert [t.title for t in workload(db, TODAY).member(team["priya"]).unscheduled.biggest] == ["Social plan"]
    assert not workload(db, TODAY).member(team["ana"]).unscheduled


def test_workload_per_member_and_week(db: Database, team: dict[str, int]) -> None:
    w = workload(db, TODAY)
    assert w.weeks[0] == date(2026, 11, 23) and len(w.weeks) == 8
    assert [m.name for m in w.members] == ["Ana Ruiz", "Priya Raman", "Tom Becker"]  # active, by discipline
    priya, tom = w.member(team["priya"]), w.member(team["tom"])
    assert priya is not None and tom is not None
    nw = priya.weeks[1]
    assert (nw.allocated, nw.capacity, round(nw.utilisation or 0, 2), nw.band) == (48, 37.5, 1.28, Band.OVER)
    assert priya.weeks[0].capacity == 30  # Tue-Fri left this week
    assert [t.title for t in priya.unscheduled.biggest] == ["Social plan"]
    assert (priya.unscheduled.count, priya.unscheduled.hours) == (1, 6)
    assert tom.weeks[0].allocated == 4 and tom.weeks[1].allocated == 8  # overdue lands today
    assert w.unassigned == 1
    total = sum(wk.allocated for m in w.members for wk in m.weeks)
    assert total == pytest.approx(16 + 14 + 10 + 8 + 4 + 8)  # open, dated, active assignees


def test_time_off_reduces_capacity_and_work_still_counts(db: Database, team: dict[str, int]) -> None:
    add_time_off(db, TimeOffForm(team["priya"], NEXT, NEXT + timedelta(4), "Annual leave"))
    nw = workload(db, TODAY).member(team["priya"]).weeks[1]  # type: ignore[union-attr]
    assert (nw.capacity, nw.allocated, nw.days_off, nw.band) == (0, 48, 5, Band.OVER)


def test_over_capacity_this_week_for_today(db: Database, team: dict[str, int], seed) -> None:
    assert over_capacity_this_week(db, TODAY) == []
    [over] = over_capacity_this_week(db, TODAY, weeks=2)
    assert (over.name, over.discipline, over.week, round(over.utilisation or 0, 2)) == (
        "Priya Raman", Discipline.DESIGN, NEXT, 1.28)
    seed.add(db, Task(project_id=team["project"], assignee_id=team["ana"], title="Big", estimate_hours=40,
                      due_on=day(1)))
    assert [o.name for o in over_capacity_this_week(db, TODAY)] == ["Ana Ruiz"]


def test_member_tasks_by_due_date(db: Database, team: dict[str, int]) -> None:
    mt = member_tasks(db, team["priya"], TODAY)
    assert [t.title for t in mt.tasks] == ["Lookbook layout", "Pack artwork", "Menu boards", "Screenshots",
                                           "Social plan"]
    assert mt.tasks[0].client == "Harbor Foods" and mt.tasks[0].project == "Pack refresh"
    assert mt.member.weeks[1].allocated == 48
    with pytest.raises(NotFoundError):
        member_tasks(db, 999_999, TODAY)


def test_reassign_candidates_same_discipline_first_with_load_after(db: Database, team: dict[str, int]) -> None:
    choice = reassign_candidates(db, team["lookbook"], TODAY)
    assert choice.weeks == (NEXT,)
    assert [c.name for c in choice.candidates] == ["Tom Becker", "Ana Ruiz"]
    tom = choice.candidates[0]
    assert (tom.same_discipline, tom.capacity, tom.allocated, tom.after) == (True, 40, 8, 24)
    assert choice.current is not None and choice.current.after == 32
    assert round(choice.current.utilisation_after or 0, 3) == round(32 / 37.5, 3)


def test_reassign_moves_hours_between_rows(db: Database, team: dict[str, int]) -> None:
    before = workload(db, TODAY)
    version = member_tasks(db, team["priya"], TODAY).tasks[0].version
    new_version = reassign_task(db, team["lookbook"], version, team["tom"])
    assert new_version == version + 1
    after = workload(db, TODAY)
    assert after.member(team["priya"]).weeks[1].allocated == 32  # type: ignore[union-attr]
    assert after.member(team["tom"]).weeks[1].allocated == 24  # type: ignore[union-attr]
    total = [sum(wk.allocated for m in w.members for wk in m.weeks) for w in (before, after)]
    assert total[0] == pytest.approx(total[1])


def test_reassign_refuses_stale_inactive_and_same(db: Database, team: dict[str, int]) -> None:
    with pytest.raises(StaleEditError):
        reassign_task(db, team["lookbook"], 99, team["tom"])
    with pytest.raises(ValidationError) as err:
        reassign_task(db, team["lookbook"], 1, team["gone"])
    assert "assignee_id" in err.value.errors
    with pytest.raises(ValidationError):
        reassign_task(db, team["lookbook"], 1, team["priya"])
    with pytest.raises(NotFoundError):
        reassign_task(db, 999_999, 1, team["tom"])
    with db.read() as s:
        assert s.get(Task, team["lookbook"]).assignee_id == team["priya"]  # type: ignore[union-attr]


def test_add_time_off_validates_every_field(db: Database, team: dict[str, int]) -> None:
    with pytest.raises(ValidationError) as err:
        add_time_off(db, TimeOffForm(team["gone"], NEXT, NEXT - timedelta(1), "x" * 201))
    assert set(err.value.errors) == {"member_id", "last_day", "reason"}
    add_time_off(db, TimeOffForm(team["tom"], NEXT, NEXT + timedelta(1), "[b]Leave[/b]"))
    with pytest.raises(ValidationError) as err:
        add_time_off(db, TimeOffForm(team["tom"], NEXT + timedelta(1), NEXT + timedelta(3)))
    assert "overlaps" in err.value.errors["first_day"]
    with db.read() as s:
        rows = s.execute(select(TimeOff.reason)).scalars().all()
    assert rows == ["[b]Leave[/b]"]


def test_save_task_creates_edits_and_validates(db: Database, team: dict[str, int]) -> None:
    form = TaskForm(team["project"], "  Allergen \x1b[31mcopy ", team["ana"], 6, day(1), day(3))
    tid = save_task(db, form)
    with db.read() as s:
        task = s.get(Task, tid)
        assert task is not None and task.title == "Allergen [31mcopy" and task.version == 1
    bad = TaskForm(None, "", team["gone"], -1, day(3), day(1), "nope")
    with pytest.raises(ValidationError) as err:
        save_task(db, bad)
    assert set(err.value.errors) == {"title", "project_id", "assignee_id", "estimate_hours", "due_on", "status"}
    save_task(db, TaskForm(team["project"], "Allergen copy", team["ana"], 6, None, day(3), TaskStatus.DONE), tid, 1)
    with pytest.raises(StaleEditError):
        save_task(db, TaskForm(team["project"], "Again", None, 1), tid, 1)
    with db.read() as s:
        task = s.get(Task, tid)
        assert task is not None and task.status is TaskStatus.DONE and task.completed_at is not None
        assert task.title == "Allergen copy" and task.version == 2
        assert s.execute(select(TeamMember.id)).all()  # nothing else touched


def time_off_rows(db: Database) -> list[tuple[int, date, date, str, int]]:
    with db.read() as s:
        return [tuple(r) for r in s.execute(select(TimeOff.member_id, TimeOff.first_day, TimeOff.last_day,
                                                   TimeOff.reason, TimeOff.version).order_by(TimeOff.id))]


def test_member_tasks_lists_coming_and_recent_time_off(db: Database, team: dict[str, int]) -> None:
    for a, b, why in ((-200, -180, "too old"), (-30, -26, "Recent"), (-1, 1, "Now"), (20, 22, "Later")):
        add_time_off(db, TimeOffForm(team["priya"], day(a), day(b), why))
    add_time_off(db, TimeOffForm(team["tom"], day(3), day(4), "Tom's"))
    mt = member_tasks(db, team["priya"], TODAY)
    assert [(o.reason, o.first_day, o.days) for o in mt.time_off] == [
        ("Recent", day(-30), 5), ("Now", day(-1), 3), ("Later", day(20), 3)]
    assert all(o.member_id == team["priya"] and o.version == 1 for o in mt.time_off)
    assert mt.member.title == "Senior designer"
    assert workload(db, TODAY).member(team["priya"]).title == "Senior designer"  # type: ignore[union-attr]


def test_overlap_is_refused_naming_it_at_the_day_inside_it(db: Database, team: dict[str, int]) -> None:
    add_time_off(db, TimeOffForm(team["tom"], NEXT, NEXT + timedelta(1), "[b]Leave[/b]"))
    with pytest.raises(ValidationError) as err:
        add_time_off(db, TimeOffForm(team["tom"], NEXT - timedelta(3), NEXT))  # ends inside it
    assert err.value.errors == {"last_day": "overlaps time off already booked: 30 Nov to 1 Dec 2026 ([b]Leave[/b])"}
    with pytest.raises(ValidationError) as err:
        add_time_off(db, TimeOffForm(team["tom"], NEXT - timedelta(3), NEXT + timedelta(9)))  # covers it
    assert err.value.errors == {"first_day": "overlaps time off already booked: 30 Nov to 1 Dec 2026 ([b]Leave[/b])"}
    add_time_off(db, TimeOffForm(team["tom"], NEXT + timedelta(2), NEXT + timedelta(2)))  # the day after: fine
    add_time_off(db, TimeOffForm(team["priya"], NEXT, NEXT))  # someone else: fine
    assert len(time_off_rows(db)) == 3


def test_update_time_off_version_checked_and_validated(db: Database, team: dict[str, int]) -> None:
    leave = add_time_off(db, TimeOffForm(team["tom"], NEXT, NEXT + timedelta(1), "Leave"))
    trip = add_time_off(db, TimeOffForm(team["tom"], NEXT + timedelta(7), NEXT + timedelta(8), "Conference"))
    assert update_time_off(db, leave, 1, TimeOffForm(team["tom"], NEXT, NEXT + timedelta(4), " Long leave ")) == 2
    assert time_off_rows(db)[0] == (team["tom"], NEXT, NEXT + timedelta(4), "Long leave", 2)
    assert workload(db, TODAY).member(team["tom"]).weeks[1].capacity == 0  # type: ignore[union-attr]
    with pytest.raises(StaleEditError):
        update_time_off(db, leave, 1, TimeOffForm(team["tom"], NEXT, NEXT, "stale"))
    with pytest.raises(ValidationError) as err:
        update_time_off(db, trip, 1, TimeOffForm(team["tom"], NEXT + timedelta(4), NEXT + timedelta(8), "x"))
    assert err.value.errors == {"first_day": "overlaps time off already booked: 30 Nov to 4 Dec 2026 (Long leave)"}
    with pytest.raises(ValidationError) as err:
        update_time_off(db, trip, 1, TimeOffForm(team["tom"], NEXT + timedelta(8), NEXT + timedelta(7)))
    assert err.value.errors == {"last_day": "the last day can't be before the first day"}
    with pytest.raises(NotFoundError):
        update_time_off(db, 999_999, 1, TimeOffForm(team["tom"], NEXT, NEXT))
    assert time_off_rows(db)[1] == (team["tom"], NEXT + timedelta(7), NEXT + timedelta(8), "Conference", 1)


def test_delete_time_off_version_checked(db: Database, team: dict[str, int]) -> None:
    leave = add_time_off(db, TimeOffForm(team["priya"], NEXT, NEXT + timedelta(4), "Leave"))
    update_time_off(db, leave, 1, TimeOffForm(team["priya"], NEXT, NEXT + timedelta(3), "Leave"))
    with pytest.raises(StaleEditError):
        delete_time_off(db, leave, 1)
    assert len(time_off_rows(db)) == 1
    delete_time_off(db, leave, 2)
    assert time_off_rows(db) == []
    assert workload(db, TODAY).member(team["priya"]).weeks[1].capacity == 37.5  # type: ignore[union-attr]
    with pytest.raises(NotFoundError):
        delete_time_off(db, leave, 2)


def test_trays_equal_every_undated_task_on_a_benchmark_workspace(db: Database) -> None:
    """On a scaled-down benchmark workspace, each member's tray (counted, summed and ranked in
    SQL) equals the one built from every open undated task in Python."""
    from collections import defaultdict

    from amtui.demo import seed_demo
    from amtui.demo.large import LargeSizes

    seed_demo(db, size="large", today=TODAY, large_sizes=LargeSizes().scaled(0.02))
    with db.read() as s:
        rows = s.execute(select(Task.id, Task.assignee_id, Task.title, Task.estimate_hours)
                         .where(Task.status != TaskStatus.DONE, Task.due_on.is_(None))).all()
    mine: dict[int, list[tuple[float, int, str]]] = defaultdict(list)
    for tid, who, title, hours in rows:
        if who is not None:
            mine[who].append((float(hours), tid, title))
    members = workload(db, TODAY).members
    assert sum(1 for m in members if m.unscheduled) > 3  # the check below compares real trays
    for m in members:
        tasks = sorted(mine.get(m.id, []), key=lambda t: (-t[0], t[1]))
        assert m.unscheduled.count == len(tasks)
        assert m.unscheduled.hours == pytest.approx(sum(t[0] for t in tasks))
        assert [(t.hours, t.id, t.title) for t in m.unscheduled.biggest] == tasks[:TRAY_SHOWN]
