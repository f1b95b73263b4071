"""The App: modes, global bindings, the command palette, quick log and the data-change signal.

Build it with :func:`make_app` (the CLI and the tests use the same factory). Screens live in
``screens/``; this module only wires them together.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import PurePath
from typing import ClassVar

from textual import on, work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen
from textual.signal import Signal
from textual.theme import Theme
from textual.worker import Worker, WorkerState

from amtui.clock import Clock
from amtui.commands import AmtuiCommands
from amtui.db import Database
from amtui.messages import DataChange
from amtui.rules.text import one_line
from amtui.screens import optional_screen
from amtui.screens.clients import ClientsScreen
from amtui.screens.help import HelpScreen, collect_keys
from amtui.screens.budgets import BudgetsScreen
from amtui.screens.placeholder import TodayPlaceholder, VendorsPlaceholder
from amtui.screens.team import TeamScreen
from amtui.services.workspace import WorkspaceInfo, workspace_info

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
        db: the open workspace database (sessions are opened per call, in worker threads).
        clock: the source of "now" and "today" (fixed in tests and snapshots).
        workspace: the workspace settings, loaded once in a worker after the first frame;
            ``None`` until then (screens format money with :attr:`currency`).
        data_changed: a Signal carrying :class:`~amtui.messages.DataChange`; writes publish it
            (see :meth:`publish`) and every screen showing data reloads.
    """

    TITLE = "amtui"
    CSS_PATH: ClassVar[list[str | PurePath]] = ["styles/app.tcss", "styles/clients.tcss"]
    COMMANDS = App.COMMANDS | {AmtuiCommands}
    MODES: ClassVar[dict[str, type]] = {  # type: ignore[assignment]
        "today": TodayPlaceholder,
        "clients": ClientsScreen,
        "team": TeamScreen,
        "vendors": VendorsPlaceholder,
        "budgets": BudgetsScreen,
    }
    DEFAULT_MODE = "clients"
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

    def __init__(self, db: Database, *, clock: Clock, workspace: WorkspaceInfo | None = None,
                 theme: str | None = None) -> None:
        super().__init__()
        self.db = db
        self.clock = clock
        self.workspace: WorkspaceInfo | None = workspace
        self.data_changed: Signal[DataChange] = Signal(self, "data_changed")
        self._today = clock.today()
        self.register_theme(DARK_THEME)
        self.register_theme(LIGHT_THEME)
        self.theme = theme if theme in self.available_themes else DARK_THEME.name
        self._show_title()

    @property
    def currency(self) -> str:
        """The workspace currency (EUR until the settings are loaded)."""
        return self.workspace.currency if self.workspace is not None else "EUR"

    def on_mount(self) -> None:
        if self.workspace is None:
            self._load_workspace(self.db)
        self.set_interval(60, self._check_day)

    def _check_day(self) -> None:
        """After midnight: new date in the header, and every screen recomputes relative days."""
        if self.clock.today() != self._today:
            self._today = self.clock.today()
            self._show_title()
            self.publish(DataChange())

    @work(thread=True, exclusive=True, name="workspace", exit_on_error=False)
    def _load_workspace(self, db: Database) -> WorkspaceInfo:
        return workspace_info(db)

    @on(Worker.StateChanged)
    def _worker_changed(self, event: Worker.StateChanged) -> None:
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
        self.sub_title = header_date(self.clock.today()) + (" · demo" if info is not None and info.is_demo else "")

    def publish(self, change: DataChange) -> None:
        """Tell every screen that data changed (call on the UI thread)."""
        self.data_changed.publish(change)

    # ------------------------------------------------------------ actions
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide the key of the mode already shown; no mode switch or quick log over a dialog."""
        modal = isinstance(self.screen, ModalScreen)
        if action == "switch_mode":
            return not modal and bool(parameters) and parameters[0] != self.current_mode
        if action in ("quick_log", "capture", "help"):
            return not modal
        return True

    def context_client_id(self) -> int | None:
        """The client the active screen is about (``context_client_id`` on it), or None."""
        value = getattr(self.screen, "context_client_id", None)
        if callable(value):
            value = value()
        return value if isinstance(value, int) else None

    def action_quick_log(self) -> None:
        screen = optional_screen(self, "quick_log", "QuickLogScreen", "Quick log")
        if screen is not None:
            self.push_screen(screen(client_id=self.context_client_id()))

    def action_capture(self) -> None:
        screen = optional_screen(self, "capture", "CaptureScreen", "The capture line")
        if screen is not None:
            self.push_screen(screen(client_id=self.context_client_id()))

    def action_help(self) -> None:
        self.push_screen(HelpScreen(collect_keys(self, self.screen)))

    def _clients_screen(self) -> ClientsScreen | None:
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


def make_app(db: Database, *, clock: Clock | None = None, workspace: WorkspaceInfo | None = None,
             theme: str | None = None) -> AmtuiApp:
    """The app on ``db``. ``clock`` defaults to the system clock; ``workspace`` (settings) is
    loaded from ``db`` after the first frame when not given; ``theme`` defaults to
    :func:`default_theme`."""
    return AmtuiApp(db, clock=clock or Clock.system(), workspace=workspace, theme=theme or default_theme())
