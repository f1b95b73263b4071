"""The App: modes, global bindings, the command palette, quick log, the data-change signal,
every stylesheet, and typed keys handled in order.

Build it with :func:`make_app` (the CLI and the tests use the same factory). Screens live in
``screens/``; this module only wires them together, and imports them (with the database stack
and services they use) only when a mode is first shown. Given an ``opener`` instead of a
database (what ``amtui`` does), the app paints :class:`OpeningScreen` first, then opens the
workspace in a worker and switches to Today.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable
from datetime import date, datetime
from functools import partial
from importlib import import_module
from pathlib import Path, PurePath
from time import monotonic
from typing import TYPE_CHECKING, ClassVar

from textual import events, on, work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.signal import Signal
from textual.theme import Theme
from textual.timer import Timer
from textual.widget import Widget
from textual.worker import Worker, WorkerState

from amtui.clock import Clock
from amtui.commands import AmtuiCommands
from amtui.live_link import LiveChanged, LiveLink, LiveLost, LiveRestored
from amtui.messages import DataChange
from amtui.mode_warmer import ModeWarmer
from amtui.rules.text import one_line
from amtui.screens.mode_screen import asking_screen
from amtui.screens.opening import OpeningScreen
from amtui.widgets.link_banner import hide_link_banner, show_link_banner

if TYPE_CHECKING:
    from amtui.db import Database
    from amtui.launch import Opened
    from amtui.screens.clients import ClientsScreen
    from amtui.services.identity import Me
    from amtui.services.workspace import WorkspaceInfo

DARK_THEME = Theme(
    name="amtui-dark", primary="#5AA9E6", secondary="#8E9CF5", accent="#F2A65A",
    success="#5CC98A", warning="#E5B94E", error="#F0616D",
    foreground="#E4E7EB", background="#14171C", surface="#1B1F26", panel="#262B35", dark=True,
)
LIGHT_THEME = Theme(
    name="amtui-light", primary="#1F6FB2", secondary="#4C5BD4", accent="#B35A00",
    success="#1E7F4F", warning="#8F6200", error="#C0303C",
    foreground="#1F2328", background="#F6F7F8", surface="#FFFFFF", panel="#E3E7EC", dark=False,
)
SCREENS = Binding.Group("Screens", compact=True)
MODE_KEYS = (
    ("1", "today", "Today", "Go to Today: the ranked queue for the day"),
    ("2", "clients", "Clients", "Go to Clients: the roster"),
    ("3", "team", "Team", "Go to Team: capacity and workload"),
    ("4", "vendors", "Vendors", "Go to Vendors: bookings and holds"),
    ("5", "budgets", "Budgets", "Go to Budgets: projects against their budgets"),
)
QUIT_KEYS = frozenset({"q", "ctrl+q"})
"""Keys that quit (amtui's ``q``, Textual's ``ctrl+q``): they work while the workspace opens."""
KEY_SETTLE_CHECK = 1.0
"""Seconds between checks that a key still settling can settle (what it went to is still there)."""
KEY_SETTLE_LIMIT = 10.0
"""Seconds after which the next typed key goes anyway, settled or not."""


def lazy_screen(path: str) -> Callable[[], Screen[None]]:
    """A mode's screen factory for ``"module:Class"``: the module (and the database stack and
    services it imports) loads when the mode is first shown, not before the first frame."""
    module, _, name = path.partition(":")

    def make() -> Screen[None]:
        screen: Screen[None] = getattr(import_module(module), name)()
        return screen

    make.__qualname__ = make.__name__ = f"lazy_screen({path!r})"
    return make


STYLES = Path(__file__).parent / "styles"
FIRST_FRAME_STYLES = ("app.tcss", "opening.tcss", "today.tcss")
"""What the opening screen needs; the other stylesheets are read right after it is painted."""


def stylesheets(folder: Path = STYLES) -> list[str | PurePath]:
    """Every ``.tcss`` in ``folder``, ``app.tcss`` first then by name: all loaded before any
    mode screen opens, so no screen stalls to read its stylesheet the first time it opens."""
    return [path for path in sorted(folder.glob("*.tcss"), key=lambda p: (p.name != "app.tcss", p.name))]


def default_theme() -> str:
    """``$AMTUI_THEME`` when it names a theme, else light when ``$COLORFGBG`` says the
    terminal background is light, else dark."""
    chosen = os.environ.get("AMTUI_THEME", "")
    if chosen:
        return chosen
    background = os.environ.get("COLORFGBG", "").rsplit(";", 1)[-1]
    return LIGHT_THEME.name if background in ("7", "15") else DARK_THEME.name


def header_date(day: date) -> str:
    """``Tue 24 Nov 2026``."""
    return f"{day:%a} {day.day} {day:%b %Y}"


class AmtuiApp(App[None]):
    """The amtui terminal UI.

    Attributes:
        db: the open workspace database (sessions are opened per call, in worker threads);
            None while an ``opener`` is still opening it (see :attr:`opening`).
        clock: the source of "now" and "today" (fixed in tests and snapshots).
        workspace: the workspace settings, loaded once in a worker after the first frame;
            ``None`` until then (screens format money with :attr:`currency`).
        me: the team member using the app (``--me`` / ``$AMTUI_ME`` / ``amtui me``), or None:
            new interactions record them as the logger, and "my clients" scopes lists.
        data_changed: a Signal carrying :class:`~amtui.messages.DataChange`; writes publish it
            (see :meth:`publish`) and every screen showing data reloads.
        live: watches the database for other processes' writes once :meth:`start_live` ran
            (they are published like the app's own), and for a lost connection.
    """

    TITLE = "amtui"
    CSS_PATH: ClassVar[list[str | PurePath]] = stylesheets()
    COMMANDS = App.COMMANDS | {AmtuiCommands}
    MODES: ClassVar[dict[str, str | Callable[[], Screen[None]]]] = {  # type: ignore[assignment]
        "today": lazy_screen("amtui.screens.today:TodayScreen"),
        "clients": lazy_screen("amtui.screens.clients:ClientsScreen"),
        "team": lazy_screen("amtui.screens.team:TeamScreen"),
        "vendors": lazy_screen("amtui.screens.vendors:VendorsScreen"),
        "budgets": lazy_screen("amtui.screens.budgets:BudgetsScreen"),
    }
    DEFAULT_MODE = "today"
    OPENING_MODE = "opening"
    """The first mode while an ``opener`` opens the workspace (see :class:`OpeningScreen`)."""
    WARM_MODES: ClassVar[bool] = True
    """Whether an app builds the modes not shown yet in idle moments, unless told otherwise."""
    BINDINGS: ClassVar[list[BindingType]] = [
        *(Binding(key, f"switch_mode('{mode}')", label, tooltip=tip, id=f"mode.{mode}", group=SCREENS)
          for key, mode, label, tip in MODE_KEYS),
        Binding("l", "quick_log", "Log", tooltip="Log a call, email, meeting or note", id="app.quick_log"),
        Binding("c", "capture", "Capture", tooltip="Log a contact in one typed line", id="app.capture"),
        Binding("question_mark", "help", "Keys", key_display="?", tooltip="Show every key", id="app.help"),
        Binding("ctrl+p", "command_palette", "Commands", show=False,
                tooltip="Command palette: every action and every client by name", id="app.command_palette"),
        Binding("q", "quit", "Quit", tooltip="Quit amtui", id="app.quit"),
    ]

    def __init__(self, db: Database | None, *, clock: Clock, workspace: WorkspaceInfo | None = None,
                 theme: str | None = None, me: Me | None = None,
                 opener: Callable[[], Opened] | None = None, warm_modes: bool | None = None) -> None:
        if db is None and opener is None:
            raise ValueError("give the app a database or an opener")
        if db is None:
            self.DEFAULT_MODE = self.OPENING_MODE  # read by App.__init__: the opening screen is shown first
        super().__init__(css_path=[STYLES / name for name in FIRST_FRAME_STYLES] if db is None else None)
        self.db = db
        self.me: Me | None = me
        self.clock = clock
        self.workspace: WorkspaceInfo | None = workspace
        self._opener = opener if db is None else None
        self._open_started = False
        self.open_error: str | None = None
        """Why the opener could not open the workspace (the app has exited with code 1)."""
        self.data_changed: Signal[DataChange] = Signal(self, "data_changed")
        self.live = LiveLink(self)
        warm = type(self).WARM_MODES if warm_modes is None else warm_modes
        self.warmer = ModeWarmer(self, [mode for _key, mode, _label, _tip in MODE_KEYS]) if warm else None
        """Builds the modes not shown yet while the app is idle (None: each mode on its first visit)."""
        self._lost_since: datetime | None = None
        self._today = clock.today()
        self._held_keys: deque[events.Key | events.Paste] = deque()
        self._keys_busy = False
        self._settling: AmtuiApp.KeySettled | None = None
        self._settle_timer: Timer | None = None
        self._key_token: object | None = None
        self._settle_target: Widget | None = None
        self.register_theme(DARK_THEME)
        self.register_theme(LIGHT_THEME)
        self.theme = theme if theme in self.available_themes else DARK_THEME.name
        if self._opener is not None:
            self.add_mode(self.OPENING_MODE, OpeningScreen)
        self._show_title()

    @property
    def currency(self) -> str:
        """The workspace currency (EUR until the settings are loaded)."""
        return self.workspace.currency if self.workspace is not None else "EUR"

    def _fatal_error(self) -> None:
        """Exit after an unhandled exception, like Textual, but with the traceback's local
        variables left out: a database driver's frames hold the connection password in
        plain text (``cparams``, ``conninfo``), and Textual shows every frame's locals."""
        import rich
        from rich.segment import Segments
        from rich.traceback import Traceback

        self.bell()
        traceback = Traceback(show_locals=False, width=None, suppress=[rich])
        self._exit_renderables.append(Segments(self.console.render(traceback, self.console.options)))
        self._close_messages_no_wait()

    def on_mount(self) -> None:
        self.set_interval(60, self._check_day)
        self.screen_change_signal.subscribe(self, self._screen_shown)
        if self.db is not None:
            if self.workspace is None:
                self._load_workspace(self.db)
            self.start_live()
        if self.warmer is not None:
            self.warmer.start()

    @property
    def opening(self) -> bool:
        """Whether the workspace is still being opened (the opening screen is shown)."""
        return self.db is None

    def begin_opening(self) -> None:
        """Run the opener in a worker (the opening screen calls this once it is painted)."""
        if self._opener is not None and self.db is None and not self._open_started:
            self._open_started = True
            self._open(self._opener)
            self._read_other_stylesheets()

    def _read_other_stylesheets(self) -> None:
        """Parse the stylesheets the opening screen did not need (the workspace opens in a
        worker meanwhile); every mode screen is built after this, with all of them."""
        for path in stylesheets():
            if not self.stylesheet.has_source(str(path)):
                self.stylesheet.read(path)
        self.stylesheet.parse()

    @work(thread=True, exclusive=True, name="opening", exit_on_error=False)
    def _open(self, opener: Callable[[], Opened]) -> tuple[Opened, WorkspaceInfo]:
        """Open the workspace, read its settings and import Today (module imports are done
        here, off the UI thread: the database stack, the services, the screen)."""
        opened = opener()
        try:
            from amtui.services.workspace import workspace_info

            info = workspace_info(opened.db)
            import_module("amtui.screens.today")
        except BaseException:
            opened.db.dispose()
            raise
        return opened, info

    async def _opened(self, opened: Opened, info: WorkspaceInfo) -> None:
        self.db, self.me, self.workspace = opened.db, opened.me, info
        self._show_title()
        self.start_live()
        await self.switch_mode(type(self).DEFAULT_MODE)
        await self.remove_mode(self.OPENING_MODE)
        self._release_held_keys()

    def _open_failed(self, error: BaseException | None) -> None:
        """End the app; the CLI prints :attr:`open_error` on stderr and exits 1."""
        from amtui.db import failure_text
        from amtui.launch import OpenError

        if isinstance(error, OpenError) or error is None:
            self.open_error = str(error or "could not open the workspace")
        else:
            self.open_error = f"could not open the workspace: {failure_text(error)}"
        self.exit(return_code=1)

    def start_live(self) -> None:
        """Start watching the open database for other processes' writes (call once it is open;
        a second call does nothing)."""
        self.live.start(self.db)

    def on_unmount(self) -> None:
        self.live.stop()

    @on(LiveChanged)
    def _live_changed(self, message: LiveChanged) -> None:
        if message.tables & {"workspace"} or not message.tables:
            self._load_workspace(self.db)
        self.publish(DataChange(message.tables))

    @on(LiveLost)
    def _live_lost(self, message: LiveLost) -> None:
        """The database stopped answering: a banner on every screen until it is back."""
        self.live.lost_reason = message.reason
        if self._lost_since is None:
            self._lost_since = self.clock.now()
        for screen in self.screen_stack:
            self._sync_banner(screen)

    @on(LiveRestored)
    def _live_restored(self, _message: LiveRestored) -> None:
        """Back: banners off, and every screen reloads what it missed."""
        self.live.lost_reason = None
        self._lost_since = None
        for screen in self.screen_stack:
            self._sync_banner(screen)
        self.notify("Reconnected to the database", title="Connection back")
        self.publish(DataChange())

    def _screen_shown(self, screen: Screen[object]) -> None:
        # A screen shown (or shown again) since the link changed: after its first compose.
        self.call_later(self._sync_banner, screen)

    def _sync_banner(self, screen: Screen[object]) -> None:
        """The connection banner on ``screen`` when the database is lost, none otherwise."""
        if not screen.is_attached:
            return
        if self.live.lost_reason is not None and self._lost_since is not None:
            show_link_banner(screen, self.live.lost_reason, self._lost_since)
        else:
            hide_link_banner(screen)

    def _check_day(self) -> None:
        """After midnight: new date in the header, and every screen recomputes relative days."""
        if self.clock.today() != self._today:
            self._today = self.clock.today()
            self._show_title()
            self.publish(DataChange())

    @work(thread=True, exclusive=True, name="workspace", exit_on_error=False)
    def _load_workspace(self, db: Database) -> WorkspaceInfo:
        from amtui.services.workspace import workspace_info

        return workspace_info(db)

    @on(Worker.StateChanged)
    async def _worker_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.name == "opening":
            if event.state is WorkerState.SUCCESS:
                await self._opened(*event.worker.result)
            elif event.state is WorkerState.ERROR:
                self._open_failed(event.worker.error)
            return
        if event.worker.name != "workspace":
            return
        if event.state is WorkerState.SUCCESS:
            self.workspace = event.worker.result
            self._show_title()
            self.publish(DataChange(frozenset({"workspace"})))
        elif event.state is WorkerState.ERROR:
            self.notify(str(event.worker.error), title="Could not read the workspace settings",
                        severity="error", markup=False)

    def _show_title(self) -> None:
        info = self.workspace
        self.title = f"amtui — {one_line(info.agency_name, 60)}" if info is not None else "amtui"
        # The demo agencies' names already say "(demo)"; say it once.
        says_demo = info is not None and info.is_demo and "demo" not in info.agency_name.lower()
        self.sub_title = (header_date(self.clock.today()) + (" · demo" if says_demo else "")
                          + (f" · you: {one_line(self.me.name, 40)}" if self.me is not None else ""))

    def set_me(self, me: Me | None) -> None:
        """Change who is using the app (the "Who am I" command): header and scoped lists follow."""
        self.me = me
        self._show_title()
        self.publish(DataChange(frozenset({"me"})))

    def publish(self, change: DataChange) -> None:
        """Tell every screen that data changed (call on the UI thread)."""
        self.data_changed.publish(change)

    # ------------------------------------------------------------ typed keys, in order
    class KeySettled(Message):
        """Sent behind a typed key along the widgets it goes through; reaching the App, it
        says the key is done (see :meth:`AmtuiApp.on_event`)."""

        def __init__(self, final: bool) -> None:
            super().__init__()
            self.final = final

    async def on_event(self, event: events.Event) -> None:
        """Route keys (and pastes) from the terminal one at a time: each goes to whatever has
        the focus once the keys before it have settled.

        Textual sends a key to the focused widget as soon as the App takes it from its queue,
        but runs its binding only when the key has bubbled back up, and moves the focus later
        still. Typed quickly after ``l`` (quick log) or ``/`` (filter), the next keys were
        already on their way to the roster — whose bindings mark follow-ups done (``x``) or
        snooze them (``z``) — before the dialog opened or the filter took the focus.

        A key has settled when a :class:`KeySettled` sent behind it has come back up its path
        (its binding has run), then once more through whatever has the focus then (the
        messages that binding posted, such as ``Input.Submitted`` moving the focus, have been
        handled). Focus moves wait in the App's queue, ahead of the next key.
        """
        if isinstance(event, (events.Key, events.Paste)) and not event.is_forwarded:
            self._held_keys.append(event)
            if not self._keys_busy:
                await self._route_next_key()
            return
        await super().on_event(event)

    @property
    def typing(self) -> bool:
        """Whether typed keys are still on their way (held, or the last one not yet settled)."""
        return self._keys_busy

    def _key_target(self) -> Widget | None:
        """Where Textual sends a key now: the focused widget, else the screen (None when closing)."""
        return (self.focused or self.screen) if self.screen_stack else None

    async def _route_next_key(self) -> None:
        if self.opening and self._held_keys and not self._quits(self._held_keys):
            self._keys_busy = False  # typed ahead: held until the workspace is open
            return
        if not self._held_keys or (target := self._key_target()) is None:
            self._held_keys.clear()
            self._keys_busy = False
            return
        self._keys_busy = True
        key = self._held_keys.popleft()
        self._key_token = token = object()
        self._settle_timer = self.set_interval(KEY_SETTLE_CHECK, partial(self._check_key, token, monotonic()))
        await super().on_event(key)
        # Not forwarded: a priority binding took the key here and has already run.
        self._follow_key(target if key.is_forwarded else None, final=False)

    def _quits(self, keys: deque[events.Key | events.Paste]) -> bool:
        """While opening, a quit key among those held goes at once (the others are dropped)."""
        for key in keys:
            if isinstance(key, events.Key) and key.key in QUIT_KEYS:
                keys.clear()
                keys.append(key)
                return True
        return False

    def _release_held_keys(self) -> None:
        """The workspace is open: route the keys typed while it opened, in order."""
        if self._held_keys and not self._keys_busy:
            self.call_later(self._route_next_key)

    def _follow_key(self, target: Widget | None, *, final: bool) -> None:
        self._settling = settled = self.KeySettled(final)
        self._settle_target = target
        if target is None or not target.post_message(settled):
            self._key_settled(settled)

    @on(KeySettled)
    def _settled_message(self, message: KeySettled) -> None:
        message.stop()
        self._key_settled(message)

    def _key_settled(self, settled: KeySettled) -> None:
        if settled is not self._settling:
            return  # the time limit let the next key go already
        if settled.final:
            self._release_key()
        else:
            self._follow_key(self._key_target(), final=True)

    def _check_key(self, token: object, started: float) -> None:
        """Let the next key go if this one cannot settle: what its KeySettled went to is gone
        (it was dropped on the way), or it has taken too long."""
        if token is not self._key_token:
            return
        target = self._settle_target
        if target is None or not target.is_attached or monotonic() - started > KEY_SETTLE_LIMIT:
            self._release_key()

    def _release_key(self) -> None:
        """Route the next key, behind the focus changes queued so far."""
        self._settling = self._key_token = self._settle_target = None
        if self._settle_timer is not None:
            self._settle_timer.stop()
            self._settle_timer = None
        self.call_later(self._route_next_key)

    # ------------------------------------------------------------ actions
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide the key of the mode already shown (or, for a mode screen built in the background,
        its own); no mode switch or quick log over a dialog."""
        if self.opening and action == "command_palette":
            return None  # it searches the workspace: shown, not usable until it is open
        asking = asking_screen.get()  # a mode screen working out its footer, maybe not shown
        modal = asking is None and isinstance(self.screen, ModalScreen)
        if action == "switch_mode":
            shown = asking.MODE if asking is not None else self.current_mode
            return not modal and bool(parameters) and parameters[0] != shown
        if action in ("quick_log", "capture", "help"):
            return not modal
        return True

    def context_client_id(self) -> int | None:
        """The client the active screen is about (``context_client_id`` on it), or None."""
        value = getattr(self.screen, "context_client_id", None)
        if callable(value):
            value = value()
        return value if isinstance(value, int) else None

    async def action_quick_log(self) -> None:
        from amtui.screens.quick_log import QuickLogScreen

        await self.push_screen(QuickLogScreen(client_id=self.context_client_id()))

    async def action_capture(self) -> None:
        from amtui.screens.capture import CaptureScreen

        await self.push_screen(CaptureScreen(client_id=self.context_client_id()))

    def action_help(self) -> None:
        from amtui.screens.help import HelpScreen, collect_keys

        self.push_screen(HelpScreen(collect_keys(self, self.screen)))

    def _clients_screen(self) -> ClientsScreen | None:
        from amtui.screens.clients import ClientsScreen

        base = self.screen_stack[0] if self.screen_stack else None
        return base if isinstance(base, ClientsScreen) else None

    async def action_new_client(self) -> None:
        """Switch to Clients and open the new-client form."""
        await self.switch_mode("clients")
        if (clients := self._clients_screen()) is not None:
            clients.action_new_client()

    async def open_client(self, client_id: int) -> None:
        """Switch to Clients, put the cursor on the client and open its detail."""
        await self.switch_mode("clients")
        while len(self.screen_stack) > 1:  # back to the roster first: one detail at a time
            await self.pop_screen()
        if (clients := self._clients_screen()) is not None:
            clients.focus_client(client_id)
            clients.open_detail(client_id)


def make_app(db: Database | None, *, clock: Clock | None = None, workspace: WorkspaceInfo | None = None,
             theme: str | None = None, me: Me | None = None, opener: Callable[[], Opened] | None = None,
             warm_modes: bool | None = None) -> AmtuiApp:
    """The app on ``db``, or on what ``opener`` opens after the first frame (``db`` None: the
    opening screen shows until then). ``clock`` defaults to the system clock; ``workspace``
    (settings) is loaded from ``db`` after the first frame when not given; ``theme`` defaults to
    :func:`default_theme`; ``me`` is the team member using it (None: nobody, whole team);
    ``warm_modes`` builds the screens not shown yet in idle moments (see :mod:`amtui.mode_warmer`;
    default :attr:`AmtuiApp.WARM_MODES`)."""
    return AmtuiApp(db, clock=clock or Clock.system(), workspace=workspace, theme=theme or default_theme(), me=me,
                    opener=opener, warm_modes=warm_modes)
