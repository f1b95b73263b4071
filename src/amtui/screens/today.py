"""Today (``1``): one ranked triage queue that explains itself.

Each row is an item (follow-up, quiet or at-risk client, task, capacity, hold, booking, budget,
renewal) with a one-line reason and its urgency score; the line under the table breaks the
highlighted score into its parts. Enter opens the item's subject, ``l`` logs a contact with its
client (answering a follow-up), ``x`` completes a follow-up or task, ``z``/``Z`` snooze it a day
or a week. The queue is :func:`amtui.services.today.today_queue` — the same as ``amtui today``; its load
hands the facts it read to the Clients screen's first load (:mod:`amtui.screens.roster_handoff`).

Loading and writes run in thread workers returning plain data; widgets change only in the worker
handler. An action removes its row at once, then the queue reloads (as on every
``app.data_changed``), keeping the cursor on the same item.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Header, Input, Static
from textual.worker import Worker, WorkerState

from amtui.db import failure_text
from amtui.messages import DataChange
from amtui.rules.text import one_line
from amtui.rules.urgency import ItemKind
from amtui.rules.workload import week_start
from amtui.screens.client_detail import ClientDetailScreen
from amtui.screens.load_failure import show_load_failure
from amtui.screens.mode_screen import ModeScreen
from amtui.screens.quick_log import QuickLogScreen
from amtui.screens.roster_handoff import roster_handoff
from amtui.screens.who_am_i import have_identity
from amtui.services.identity import Me, mine, my_client_ids
from amtui.services.today import TodayItem, TodayQueue, complete_item, snooze_item, today_queue_and_facts
from amtui.widgets.columns import Cell, Column
from amtui.widgets.footer import KeysFooter
from amtui.widgets.virtual_table import VirtualTable

if TYPE_CHECKING:
    from amtui.app import AmtuiApp
    from amtui.services.roster_query import Facts

K = ItemKind
CLIENT_KINDS = (K.FOLLOW_UP, K.CADENCE, K.AT_RISK, K.RENEWAL)
KIND_STYLES = {K.FOLLOW_UP: "accent", K.HOLD: "warning", K.AT_RISK: "error", K.BUDGET: "warning",
               K.CADENCE: "warning", K.BOOKING: "warning"}
URGENT_SCORE = 10.0
COUNT_WORDS = {K.FOLLOW_UP: ("follow-up", "follow-ups"), K.CADENCE: ("quiet", "quiet"),
               K.AT_RISK: ("at risk", "at risk"), K.RENEWAL: ("renewal", "renewals"), K.TASK: ("task", "tasks"),
               K.CAPACITY: ("over capacity", "over capacity"), K.HOLD: ("hold", "holds"),
               K.BOOKING: ("booking", "bookings"), K.BUDGET: ("budget", "budgets")}


@dataclass(frozen=True)
class Done:
    """What an action worker hands back: the toast, the item it cleared and the tables written."""

    message: str
    key: str
    tables: frozenset[str]
    client_id: int | None


@dataclass(frozen=True)
class TodayLoad:
    """What the load worker hands back: the whole team's queue, the clients I own (None when
    no identity is set) and, until the Clients screen has loaded, the facts the queue read
    (at handoff ``generation``; see :mod:`amtui.screens.roster_handoff`)."""

    queue: TodayQueue
    my_clients: frozenset[int] | None
    facts: Facts | None = None
    generation: int = 0


def plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


class TodayScreen(ModeScreen):
    """The ranked queue. ``context_client_id`` is the highlighted item's client (for ``c``)."""

    MODE = "today"
    HELP_GROUP = "Today"
    AUTO_FOCUS = "#today-queue"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("l", "log", "Log", tooltip="Log a contact with this item's client (answers a follow-up)",
                id="today.log"),
        Binding("x", "complete", "Done", tooltip="Mark the follow-up or task done", id="today.complete"),
        Binding("z", "snooze(1)", "Snooze", tooltip="Hide until tomorrow (a follow-up moves to tomorrow)",
                id="today.snooze_day"),
        Binding("Z", "snooze(7)", "Snooze a week", tooltip="Hide for a week (a follow-up moves a week on)",
                id="today.snooze_week"),
        Binding("slash", "filter", "Filter", id="today.filter"),
        Binding("m", "toggle_mine", "Mine/team", show=False, tooltip="Only items about my clients and me / the whole team",
                id="today.mine"),
        Binding("escape", "clear_filter", "Clear filter", id="today.clear_filter"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.queue: TodayQueue | None = None
        self.my_clients: frozenset[int] | None = None
        self.whole_team = False  # with an identity, the default scope is mine; m flips it
        self._ranks: dict[str, int] = {}
        self._loading = False  # a load is running; changes meanwhile ask for one more (never cancel)
        self._again = False
        self._stale = False  # a change came while hidden: reload when shown

    @property
    def amtui(self) -> AmtuiApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="today-bar"):
            yield Static(Content("Loading the queue…"), id="today-summary")
            yield Static(Content(""), id="today-cleared")
        yield Input(placeholder="Filter by subject, reason or kind…", id="today-filter", classes="-hidden")
        yield VirtualTable(self._columns(), row_key=lambda i: i.key, empty_message="Loading the queue…",
                           search_text=lambda i: f"{i.subject}\n{i.reason}\n{i.kind.label}", id="today-queue")
        yield Static(Content(""), id="today-detail")
        yield KeysFooter()

    def _columns(self) -> list[Column[TodayItem]]:
        def rank(i: TodayItem) -> Cell:
            return str(self._ranks.get(i.key, "")), "muted"

        def kind(i: TodayItem) -> Cell:
            return i.kind.label, KIND_STYLES.get(i.kind)

        def score(i: TodayItem) -> Cell:
            return f"{i.score:.1f}", "strong" if i.score >= URGENT_SCORE else None

        return [
            Column("rank", "#", rank, width=3, align="right"),
            Column("kind", "Kind", kind, width=9),
            Column("subject", "Subject", lambda i: (i.subject, None), width=18, flex=2),
            Column("reason", "Why", lambda i: (i.reason, None), width=24, flex=4),
            Column("score", "Score", score, width=5, align="right"),
        ]

    @property
    def table(self) -> VirtualTable:
        return self.query_one("#today-queue", VirtualTable)

    @property
    def filter_input(self) -> Input:
        return self.query_one("#today-filter", Input)

    @property
    def current(self) -> TodayItem | None:
        """The highlighted item, or None."""
        return self.table.highlighted_row  # type: ignore[no-any-return]

    @property
    def context_client_id(self) -> int | None:
        item = self.current
        return item.client_id if item is not None else None

    # ------------------------------------------------------------ loading
    def on_mount(self) -> None:
        self.amtui.data_changed.subscribe(self, self.on_data_change)
        self.table.loading = True
        self.reload()

    def reload(self) -> None:
        """Rank the queue again in a worker (the cursor stays on the same item). Changes during a
        load trigger one more load after it, rather than cancelling a thread that keeps running."""
        if self._loading:
            self._again = True
            return
        self._loading = True
        handoff = roster_handoff(self.app)
        self._load(self.amtui.db, self.amtui.clock, self.amtui.me, handoff.wanted, handoff.generation)

    @work(thread=True, group="today", name="today", exit_on_error=False)
    def _load(self, db: Any, clock: Any, me: Me | None, hand_over: bool, generation: int) -> TodayLoad:
        queue, facts = today_queue_and_facts(db, clock.now())
        return TodayLoad(queue, my_client_ids(db, me.member_id) if me is not None else None,
                         facts if hand_over else None, generation)

    def on_data_change(self, change: DataChange) -> None:
        """Every kind of write (and a new identity) can move something in the queue: rank it
        again, now when the screen is shown, else when it is shown next (a write made on
        another screen costs nothing there). The settings announced as loaded at start are
        not a write: the queue reads them itself."""
        roster_handoff(self.app).changed(change)
        if change.tables == frozenset({"workspace"}):
            return
        if self.is_current:
            self.reload()
        else:
            self._stale = True

    def on_screen_resume(self, _event: events.ScreenResume) -> None:
        if self._stale:
            self._stale = False
            self.reload()

    @property
    def scoped(self) -> bool:
        """Whether only my items are shown (an identity is set and ``m`` has not widened it)."""
        return self.amtui.me is not None and self.my_clients is not None and not self.whole_team

    def visible(self, queue: TodayQueue) -> tuple[TodayItem, ...]:
        """The queue in the current scope: mine, or the whole team's."""
        me = self.amtui.me
        if not self.scoped or me is None or self.my_clients is None:
            return queue.items
        return tuple(mine(queue.items, self.my_clients, me.member_id))

    def action_toggle_mine(self) -> None:
        """``m``: my items / the whole team's."""
        if not have_identity(self):
            return
        self.whole_team = not self.whole_team
        if self.queue is not None:
            self._show(self.queue)

    @on(Worker.StateChanged)
    def _worker_done(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.name == "today" and event.state in (WorkerState.SUCCESS, WorkerState.ERROR, WorkerState.CANCELLED):
            self._loading = False
            if self._again:
                self._again = False
                self.reload()
        if event.state is WorkerState.ERROR:
            self.table.loading = False
            title = "Could not load the queue" if worker.name == "today" else "Not saved"
            self.notify(failure_text(worker.error), title=title, severity="error", markup=False)
            if worker.name == "today":
                show_load_failure(self.query_one("#today-summary", Static), self.table, "the queue", worker.error)
        elif event.state is WorkerState.SUCCESS and isinstance(worker.result, TodayLoad):
            load = worker.result
            self.my_clients = load.my_clients
            roster_handoff(self.app).offer(load.facts, load.queue.today, load.generation)
            self._show(load.queue)
        elif event.state is WorkerState.SUCCESS and isinstance(worker.result, Done):
            done = worker.result
            self.notify(done.message, markup=False)
            if self.queue is not None:  # re-rank at once: the row goes, the cursor moves to the next
                items = tuple(i for i in self.queue.items if i.key != done.key)
                self._show(TodayQueue(self.queue.today, items, self.queue.counts, self.queue.cleared_follow_ups,
                                      self.queue.cleared_tasks, self.queue.snoozed))
            self.amtui.publish(DataChange(done.tables, done.client_id))

    def _show(self, queue: TodayQueue) -> None:
        self.queue = queue
        items = self.visible(queue)
        self._ranks = {item.key: n for n, item in enumerate(items, 1)}
        self.table.loading = False
        self.table.set_rows(items)
        self._refilter()
        self._show_summary(queue, items)

    def _show_summary(self, q: TodayQueue, items: tuple[TodayItem, ...]) -> None:
        per_kind = Counter(i.kind for i in items)  # from the rows shown (an action removes one at once)
        counts = [f"{n} {COUNT_WORDS[k][n != 1]}" for k in ItemKind if (n := per_kind[k])]
        head = f"{plural(len(items), 'item')}" + (f": {', '.join(counts)}" if counts else "")
        me = self.amtui.me
        if me is not None:
            head += (f" · yours ({one_line(me.name, 30)}) of {len(q.items)} · m: whole team" if self.scoped
                     else " · whole team · m: only yours")
        cleared = f"cleared today: {plural(q.cleared_follow_ups, 'follow-up')}, {plural(q.cleared_tasks, 'task')}"
        snoozed = f" · {q.snoozed} snoozed" if q.snoozed else ""
        self.query_one("#today-summary", Static).update(Content.styled(head, "bold"))
        self.query_one("#today-cleared", Static).update(Content(cleared + snoozed))

    def _show_detail(self) -> None:
        item = self.current
        detail = self.query_one("#today-detail", Static)
        if item is None:
            detail.update(Content(""))
            return
        detail.update(Content.assemble((f"{item.kind.label}: ", "bold"), one_line(item.subject, 80),
                                       ("  ", ""), (item.reason, "dim"), "\n", ("Score ", "bold"), item.breakdown))

    @on(VirtualTable.RowHighlighted, "#today-queue")
    def _highlighted(self, _event: VirtualTable.RowHighlighted) -> None:
        self._show_detail()
        self.refresh_bindings()

    # ------------------------------------------------------------ filtering
    def _refilter(self) -> None:
        self.table.set_filter(self.filter_input.value)
        if self.queue is not None and not self.queue.items:
            self.table.empty_message = "Nothing needs you today. Snoozed items come back on their day."
        elif self.queue is not None and self.scoped and not self.table.total_count:
            self.table.empty_message = "Nothing about your clients or you today. Press m for the whole team."
        elif self.filter_input.value:
            self.table.empty_message = f"Nothing matches “{one_line(self.filter_input.value, 40)}”. Escape clears."
        self._show_detail()

    @on(Input.Changed, "#today-filter")
    def _typed(self, _event: Input.Changed) -> None:
        self._refilter()

    @on(Input.Submitted, "#today-filter")
    def _submitted(self, _event: Input.Submitted) -> None:
        self.table.focus()  # Enter keeps the filter and goes back to the queue

    def action_filter(self) -> None:
        self.filter_input.remove_class("-hidden")
        self.filter_input.focus()
        self.refresh_bindings()

    def action_clear_filter(self) -> None:
        self.filter_input.value = ""
        self.filter_input.add_class("-hidden")
        self.table.focus()
        self._refilter()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "clear_filter":
            return bool(self.filter_input.value) or not self.filter_input.has_class("-hidden")
        if action == "complete":
            return (self.current is not None and self.current.can_complete) or None
        if action in ("snooze", "log"):
            return self.current is not None or None
        return True

    # ------------------------------------------------------------ actions
    def action_complete(self) -> None:
        if (item := self.current) is not None and item.can_complete:
            self._act(self.amtui.db, item, None, self.amtui.clock.now())

    def action_snooze(self, days: int) -> None:
        if (item := self.current) is not None:
            self._act(self.amtui.db, item, days, self.amtui.clock.now())

    @work(thread=True, group="today-action", name="today-action", exit_on_error=False)
    def _act(self, db: Any, item: TodayItem, snooze_days: int | None, now: Any) -> Done:
        done = complete_item(db, item, now) if snooze_days is None else snooze_item(db, item, snooze_days, now.date())
        return Done(done[0], item.key, done[1], item.client_id)

    def action_log(self) -> None:
        """Quick log for the item's client; on a follow-up, the touch answers it."""
        item = self.current
        if item is None or item.kind is not K.FOLLOW_UP:
            self.amtui.action_quick_log()
            return
        self.app.push_screen(QuickLogScreen(item.client_id, answers_follow_up_id=item.ref_id))

    @on(VirtualTable.RowSelected, "#today-queue")
    async def _selected(self, _event: VirtualTable.RowSelected) -> None:
        if (item := self.current) is not None:
            await self.open_item(item)

    async def open_item(self, item: TodayItem) -> None:
        """Open the subject: a client's detail here; a task, member, booking or project in its mode."""
        if item.kind in CLIENT_KINDS and item.client_id is not None:
            self.app.push_screen(ClientDetailScreen(item.client_id))
            return
        mode = {K.TASK: "team", K.CAPACITY: "team", K.HOLD: "vendors", K.BOOKING: "vendors"}.get(item.kind, "budgets")
        await self.app.switch_mode(mode)
        target = self.app.screen_stack[0] if self.app.screen_stack else None
        if mode == "team" and item.member_id is not None:
            if callable(focus := getattr(target, "focus_member", None)):
                week = None if item.week is None else (item.week - week_start(self.amtui.clock.today())).days // 7
                focus(item.member_id, week)
            if callable(open_tasks := getattr(target, "open_tasks", None)):
                open_tasks(item.member_id)
        elif mode == "vendors" and callable(open_booking := getattr(target, "open_booking", None)):
            open_booking(item.ref_id)
        elif mode == "budgets" and callable(focus_project := getattr(target, "focus_project", None)):
            focus_project(item.ref_id)
