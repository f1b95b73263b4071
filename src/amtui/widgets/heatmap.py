"""The capacity heat map: members as rows, weeks as columns, each cell a utilisation coloured by band.

A :class:`~textual.scroll_view.ScrollView` that paints only the lines on screen (500 members
scroll as fast as 10). The cursor is a cell: arrows move it, Enter selects the member. Colours
come from the theme through component classes (``heatmap--ok``, ``--near``, ``--over``,
``--off``), and over-capacity cells also carry a ``▲``, so the map reads without colour too.
Names are user data: cleaned and cut by :func:`~amtui.widgets.columns.grid_text`, never markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from amtui.rules.when import MONTH_ABBR
from amtui.rules.workload import Band, WeekLoad, percent
from amtui.services.team import MemberLoad
from amtui.widgets.columns import fit, grid_text

CELL = 6  # width of a week cell
DISCIPLINE = 11
TRAY = 6
MIN_NAME = 10


def cell_text(week: WeekLoad) -> str:
    """``"128%▲"``, ``" 85%"``, ``"off"`` (no capacity, no work) or ``"8h▲"`` (work, no capacity)."""
    if week.capacity <= 0:
        return f"{week.allocated:.0f}h▲" if week.band is Band.OVER else "off"
    return percent(week.utilisation) + ("▲" if week.band is Band.OVER else "")


def week_label(monday: date) -> str:
    return f"{monday.day} {MONTH_ABBR[monday.month - 1]}"


class HeatMap(ScrollView, can_focus=True):
    """Members by weeks. Call :meth:`show` with the rows; read :attr:`member` and :attr:`week`."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "heatmap--header", "heatmap--cursor", "heatmap--row", "heatmap--muted", "heatmap--empty",
        *(f"heatmap--{band.value}" for band in Band),
    }
    DEFAULT_CSS = """
    HeatMap {
        background: $surface;
        color: $foreground;
        height: 1fr;
        & > .heatmap--header { background: $panel; text-style: bold; }
        & > .heatmap--row { background: $boost; text-style: bold; }
        & > .heatmap--muted { color: $text-muted; }
        & > .heatmap--empty { color: $text-muted; text-style: italic; }
        & > .heatmap--ok { background: $success-muted; color: $text-success; }
        & > .heatmap--near { background: $warning-muted; color: $text-warning; }
        & > .heatmap--over { background: $error; color: $background; text-style: bold; }
        & > .heatmap--off { color: $text-muted; }
        & > .heatmap--cursor { background: $block-cursor-blurred-background; color: $block-cursor-blurred-foreground; }
        &:focus > .heatmap--cursor {
            background: $block-cursor-background; color: $block-cursor-foreground; text-style: bold;
        }
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "move(-1, 0)", "Up", show=False),
        Binding("down", "move(1, 0)", "Down", show=False),
        Binding("left", "move(0, -1)", "Earlier week", show=False),
        Binding("right", "move(0, 1)", "Later week", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "move(-1000000, 0)", "First member", show=False),
        Binding("end", "move(1000000, 0)", "Last member", show=False),
        Binding("enter", "select", "Tasks", tooltip="Show the member's tasks", id="team.tasks"),
    ]

    class CellHighlighted(Message):
        """The cursor moved (``member_id`` None when no row is shown)."""

        def __init__(self, heatmap: HeatMap, member_id: int | None, week: int) -> None:
            super().__init__()
            self.heatmap, self.member_id, self.week = heatmap, member_id, week

        @property
        def control(self) -> HeatMap:
            return self.heatmap

    class MemberSelected(Message):
        """Enter (or a double click) on a member."""

        def __init__(self, heatmap: HeatMap, member_id: int, week: int) -> None:
            super().__init__()
            self.heatmap, self.member_id, self.week = heatmap, member_id, week

        @property
        def control(self) -> HeatMap:
            return self.heatmap

    def __init__(self, *, empty_message: str = "Nobody to show", id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.rows: list[MemberLoad] = []
        self.weeks: tuple[date, ...] = ()
        self.row = 0
        self.col = 0
        self.empty_message = empty_message
        self._last: tuple[int | None, int] | None = None

    # ------------------------------------------------------------------ data
    @property
    def member(self) -> MemberLoad | None:
        """The member under the cursor."""
        return self.rows[self.row] if self.rows else None

    @property
    def week(self) -> WeekLoad | None:
        """The week under the cursor."""
        m = self.member
        return m.weeks[self.col] if m is not None and self.col < len(m.weeks) else None

    def show(self, rows: Sequence[MemberLoad], weeks: Sequence[date], *, focus: int | None = None,
             week: int | None = None) -> None:
        """Show ``rows``; the cursor stays on the same member (or moves to ``focus``) and week."""
        keep = focus if focus is not None else (self.member.id if self.member else None)
        self.rows, self.weeks = list(rows), tuple(weeks)
        position = next((i for i, m in enumerate(self.rows) if m.id == keep), min(self.row, len(self.rows) - 1))
        self.virtual_size = Size(self._width(), len(self.rows) + 1)
        self._move(max(position, 0), self.col if week is None else week, force=True)

    def move_to(self, member_id: int, week: int | None = None) -> bool:
        """Put the cursor on ``member_id`` (and ``week``); False when the member isn't shown."""
        for i, m in enumerate(self.rows):
            if m.id == member_id:
                self._move(i, self.col if week is None else week)
                return True
        return False

    # --------------------------------------------------------------- cursor
    def _move(self, row: int, col: int, *, force: bool = False) -> None:
        self.row = max(0, min(row, len(self.rows) - 1))
        self.col = max(0, min(col, len(self.weeks) - 1))
        self.refresh()
        if self.is_mounted:
            top, body = round(self.scroll_y), max(self.scrollable_content_region.height - 1, 1)
            if self.row < top:
                self.scroll_to(y=self.row, animate=False)
            elif self.row >= top + body:
                self.scroll_to(y=self.row - body + 1, animate=False)
        now = (self.member.id if self.member else None, self.col)
        if now != self._last or force:
            self._last = now
            self.post_message(self.CellHighlighted(self, now[0], self.col))

    def action_move(self, rows: int, cols: int) -> None:
        self._move(self.row + rows, self.col + cols)

    def action_page(self, direction: int) -> None:
        self._move(self.row + direction * max(self.scrollable_content_region.height - 1, 1), self.col)

    def action_select(self) -> None:
        if self.member is not None:
            self.post_message(self.MemberSelected(self, self.member.id, self.col))

    async def _on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y == 0:
            return
        name = self._name_width()
        x = offset.x + round(self.scroll_x) - (name + 2 + DISCIPLINE + 1)
        col = x // (CELL + 1) if 0 <= x < len(self.weeks) * (CELL + 1) else self.col
        self._move(round(self.scroll_y) + offset.y - 1, col)
        if event.chain >= 2:
            self.action_select()

    # ------------------------------------------------------------ rendering
    def _name_width(self) -> int:
        fixed = DISCIPLINE + 1 + len(self.weeks) * (CELL + 1) + TRAY + 3
        return max(MIN_NAME, min(28, self.scrollable_content_region.width - fixed))

    def _width(self) -> int:
        return self._name_width() + 2 + DISCIPLINE + 1 + len(self.weeks) * (CELL + 1) + TRAY + 1

    def on_resize(self, _event: events.Resize) -> None:
        self.virtual_size = Size(self._width(), len(self.rows) + 1)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self.refresh()

    def _style(self, name: str) -> Style:
        # partial=False: a partial style loses colours with alpha ($text-muted comes out white)
        return self.get_component_rich_style(f"heatmap--{name}", partial=False)

    def _fg(self, name: str) -> Style:
        """Only the text colour of a component class (keeps the background under it)."""
        return Style(color=self._style(name).color)

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.scrollable_content_region.width
        base = self.rich_style
        if y == 0:
            strip = self._header(base + self._style("header"))
        elif not self.rows and y == 1:
            strip = Strip([Segment(" " + grid_text(self.empty_message), base + self._style("empty"))])
        elif 0 <= scroll_y + y - 1 < len(self.rows):
            strip = self._row(scroll_y + y - 1, base)
        else:
            strip = Strip.blank(width, base)
        return strip.crop_extend(scroll_x, scroll_x + width, base)

    def _header(self, style: Style) -> Strip:
        segments = [Segment(" " + fit("Member", self._name_width()) + " " + fit("Discipline", DISCIPLINE) + " ", style)]
        for i, monday in enumerate(self.weeks):
            label = fit(week_label(monday), CELL, "right") + " "
            segments.append(Segment(label, style + self._fg("muted") if i != self.col else style))
        segments.append(Segment(fit("Undated", TRAY + 1, "right"), style))
        return Strip(segments)

    def _row(self, index: int, base: Style) -> Strip:
        m = self.rows[index]
        mine = index == self.row
        row_style = base + self._style("row") if mine else base
        segments = [Segment(" " + fit(grid_text(m.name), self._name_width()) + " ", row_style),
                    Segment(fit(m.discipline.value, DISCIPLINE) + " ", row_style + self._fg("muted"))]
        for i, week in enumerate(m.weeks):
            style = base + self._style("cursor") if mine and i == self.col else base + self._style(week.band.value)
            segments.append(Segment(fit(cell_text(week), CELL, "right"), style))
            segments.append(Segment(" ", base))
        tray = f"{m.unscheduled.count}" if m.unscheduled else "—"
        segments.append(Segment(fit(tray, TRAY, "right") + " ", row_style + self._fg("muted")))
        return Strip(segments)
