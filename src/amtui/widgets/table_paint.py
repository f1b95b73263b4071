"""How a :class:`~amtui.widgets.virtual_table.VirtualTable` paints: its component classes, their
default CSS, the styles resolved once per paint, and one line as a :class:`~textual.strip.Strip`.

Colours come from the theme through the ``virtual-table--<name>`` component classes; cell text
is plain data turned into Segments (see :mod:`amtui.widgets.columns`), never markup.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from amtui.widgets.columns import CELL_STYLES, Column, grid_text, header_strip, row_strip
from amtui.widgets.table_model import TableModel

PAD = 1  # cells of padding each side of every cell

COMPONENT_CLASSES: set[str] = {
    "virtual-table--header",
    "virtual-table--sorted",
    "virtual-table--cursor",
    "virtual-table--even-row",
    "virtual-table--empty",
    *(f"virtual-table--{name}" for name in CELL_STYLES),
}

TABLE_CSS = """
VirtualTable {
    background: $surface;
    color: $foreground;
    height: 1fr;
    & > .virtual-table--header { background: $panel; color: $foreground; text-style: bold; }
    & > .virtual-table--sorted { color: $accent; text-style: bold; }
    & > .virtual-table--cursor {
        background: $block-cursor-blurred-background;
        color: $block-cursor-blurred-foreground;
    }
    &:focus > .virtual-table--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: $block-cursor-text-style;
    }
    & > .virtual-table--even-row { background: $foreground 4%; }
    & > .virtual-table--empty { color: $text-muted; text-style: italic; }
    & > .virtual-table--success { color: $text-success; }
    & > .virtual-table--warning { color: $text-warning; }
    & > .virtual-table--error { color: $text-error; }
    & > .virtual-table--muted { color: $text-muted; }
    & > .virtual-table--accent { color: $text-accent; }
    & > .virtual-table--strong { text-style: bold; }
}
"""


def resolve_styles(base: Style, component: Callable[[str], Style]) -> dict[str, Style]:
    """Row styles (base, header, even-row, cursor) and cell inks (foreground and text style
    only, ``ink-<name>``) for every cell style name.

    ``component(name)`` must return the *full* style of ``virtual-table--<name>``: theme colours
    with alpha (``$text-muted`` is 60% of the foreground) are only blended into a real colour
    against the background in the full style; a partial style loses them (muted text came out
    white, invisible on amtui-light).
    """
    styles = {"base": base}
    for name in ("header", "even-row", "cursor"):
        styles[name] = component(name)
    for name in (*CELL_STYLES, "sorted", "empty"):
        full = component(name)
        styles[f"ink-{name}"] = Style(color=full.color, bold=full.bold, italic=full.italic)
    return styles


@dataclass(slots=True)
class Frame:
    """What one paint needs besides the rows: columns and their widths, sort, cursor, scroll."""

    columns: list[Column[Any]]
    widths: list[int]
    sort_column: int | None
    sort_reverse: bool
    cursor: int
    empty_message: str
    scroll_x: int
    scroll_y: int
    width: int


def paint_line(y: int, model: TableModel, frame: Frame, styles: dict[str, Style]) -> Strip:
    """Line ``y`` of the widget: the header at 0, then the rows scrolled into view, cropped to
    the visible width."""
    base = styles["base"]
    if y == 0:
        header = base + styles["header"]
        strip = header_strip(frame.columns, frame.widths, header, header + styles["ink-sorted"],
                             frame.sort_column, frame.sort_reverse, PAD)
    else:
        position = frame.scroll_y + y - 1
        if position < model.visible_count:
            strip = _row_line(position, model, frame, styles)
        elif position == 0:
            style = base + styles["ink-empty"]
            strip = Strip([Segment(" " * PAD + grid_text(frame.empty_message), style)])
        else:
            strip = Strip.blank(frame.width, base)
    return strip.crop_extend(frame.scroll_x, frame.scroll_x + frame.width, base)


def column_at(widths: list[int], x: int) -> int | None:
    """The index of the column under content column ``x`` (each padded both sides), or None."""
    left = 0
    for i, width in enumerate(widths):
        left += width + 2 * PAD
        if x < left:
            return i
    return None


def _row_line(position: int, model: TableModel, frame: Frame, styles: dict[str, Style]) -> Strip:
    row_style = styles["base"] + styles["even-row"] if position % 2 else styles["base"]
    cursor = position == frame.cursor
    if cursor:
        row_style = row_style + styles["cursor"]
    inks = {name: row_style + styles[f"ink-{name}"] for name in CELL_STYLES}
    return row_strip(model.row_at(position), frame.columns, frame.widths, row_style, inks, cursor, PAD)
