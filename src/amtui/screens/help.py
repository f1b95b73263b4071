"""``?``: every key that works where the user is, grouped by where it applies."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

if TYPE_CHECKING:
    from textual.app import App

GROUP_NAMES = {"VirtualTable": "Table", "Input": "Text field", "CommandInput": "Text field"}


@dataclass(frozen=True)
class KeyHelp:
    group: str
    key: str
    description: str


def collect_keys(app: App[Any], screen: Screen[Any]) -> list[KeyHelp]:
    """Every binding reachable from ``screen``: the focused widget's, the screen's, then the
    app's (including those hidden right now, like the key of the screen already shown)."""
    found: list[KeyHelp] = []
    seen: set[tuple[str, str]] = set()
    for active in screen.active_bindings.values():
        binding, node = active.binding, active.node
        if not binding.description or binding.system:
            continue
        if node is app:
            group = "Everywhere"
        elif node is screen:
            group = str(getattr(screen, "HELP_GROUP", "This screen"))
        else:
            group = GROUP_NAMES.get(type(node).__name__, type(node).__name__)
        found.append(KeyHelp(group, app.get_key_display(binding), binding.tooltip or binding.description))
        seen.add((binding.action, binding.description))
    for binding in Binding.make_bindings(type(app).BINDINGS):
        if binding.description and not binding.system and (binding.action, binding.description) not in seen:
            text = f"{binding.tooltip or binding.description} (shown now)"
            found.append(KeyHelp("Everywhere", app.get_key_display(binding), text))
            seen.add((binding.action, binding.description))
    order = [*dict.fromkeys(k.group for k in found if k.group != "Everywhere"), "Everywhere"]
    return sorted(found, key=lambda k: order.index(k.group))


class HelpScreen(ModalScreen[None]):
    """A modal list of keys; escape, ? or q closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "dismiss_help", "Close", id="help.close"),
    ]

    def __init__(self, keys: list[KeyHelp]) -> None:
        super().__init__()
        self.keys = keys

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box"):
            yield Static(Content("Keys"), id="help-title")
            with VerticalScroll(id="help-list"):
                group = None
                width = max((len(k.key) for k in self.keys), default=4) + 2
                for item in self.keys:
                    if item.group != group:
                        group = item.group
                        yield Static(Content(group), classes="help-group")
                    yield Static(
                        Content.assemble((item.key.ljust(width), "bold"), item.description),
                        classes="help-key",
                    )
            yield Static(Content("escape closes"), id="help-hint")

    def action_dismiss_help(self) -> None:
        self.dismiss(None)
