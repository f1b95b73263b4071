"""A virtual table: renders only the lines on screen, so 10,000 rows filter in milliseconds.

Rows are any objects (tuples, dataclasses); columns are :class:`~amtui.widgets.columns.Column`
specs. Filtering and sorting rearrange a list of row indexes; nothing per row is built until
its line is painted. Cell text is plain data turned into Segments, never markup.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import Any, ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from amtui.widgets.columns import (
    CELL_STYLES,
    Column,
    grid_text,
    header_strip,
    layout_widths,
    row_strip,
    sort_order,
)

PAD = 1  # cells of padding each side of every cell


class VirtualTable(ScrollView, can_focus=True):
    """A keyboard-driven table over a list of rows, with a cursor row, sorting and filtering.

    Args:
        columns: the column specs, left to right.
        row_key: row -> a stable identity (e.g. the client id) kept across reloads.
        search_text: row -> the text the filter looks in (matched case-insensitively).
        empty_message: shown when no row is visible.
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "virtual-table--header",
        "virtual-table--sorted",
        "virtual-table--cursor",
        "virtual-table--even-row",
        "virtual-table--empty",
        *(f"virtual-table--{name}" for name in CELL_STYLES),
    }

    DEFAULT_CSS = """
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

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor_up", "Up", show=False),
        Binding("down", "cursor_down", "Down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home", "first", "First row", show=False),
        Binding("end", "last", "Last row", show=False),
        Binding("enter", "select", "Open"),
        Binding("s", "sort_next", "Sort by the next column", show=False, id="table.sort"),
        Binding("S", "sort_reverse", "Reverse the sort", show=False, id="table.sort_reverse"),
    ]

    class RowHighlighted(Message):
        """The cursor moved to another row (``row_key`` is None when no row is visible)."""

        def __init__(self, table: VirtualTable, row_key: Hashable | None) -> None:
            super().__init__()
            self.table = table
            self.row_key = row_key

        @property
        def control(self) -> VirtualTable:
            return self.table

    class RowSelected(Message):
        """Enter (or a double click) on a row."""

        def __init__(self, table: VirtualTable, row_key: Hashable) -> None:
            super().__init__()
            self.table = table
            self.row_key = row_key

        @property
        def control(self) -> VirtualTable:
            return self.table

    def __init__(
        self,
        columns: Sequence[Column[Any]],
        *,
        row_key: Callable[[Any], Hashable],
        search_text: Callable[[Any], str],
        empty_message: str = "Nothing to show",
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.columns: list[Column[Any]] = list(columns)
        self.row_key = row_key
        self.search_text = search_text
        self.empty_message = empty_message
        self._rows: list[Any] = []
        self._haystack: list[str] = []
        self._order: list[int] = []  # all rows, in sort order
        self._visible: list[int] = []  # rows passing the filter, in sort order
        self._query = ""
        self._predicate: Callable[[Any], bool] | None = None
        self.sort_column: int | None = None
        self.sort_reverse = False
        self.cursor = 0
        self._last_highlighted: Hashable | None = None
        self._widths: list[int] = [c.width for c in self.columns]
        self._styles: dict[str, Style] | None = None

    # ------------------------------------------------------------------ data
    @property
    def row_count(self) -> int:
        """Rows passing the filter."""
        return len(self._visible)

    @property
    def total_count(self) -> int:
        """Rows loaded."""
        return len(self._rows)

    @property
    def highlighted_key(self) -> Hashable | None:
        """The key of the cursor row, None when no row is visible."""
        if not self._visible:
            return None
        return self.row_key(self._rows[self._visible[self.cursor]])

    @property
    def highlighted_row(self) -> Any | None:
        return self._rows[self._visible[self.cursor]] if self._visible else None

    def visible_keys(self) -> list[Hashable]:
        """Keys of the rows passing the filter, in display order."""
        return [self.row_key(self._rows[i]) for i in self._visible]

    def set_rows(self, rows: Sequence[Any], *, focus_key: Hashable | None = None) -> None:
        """Replace the rows, keeping sort, filter and the cursor on the same row when visible.

        ``focus_key`` moves the cursor to that row instead (e.g. a client just created).
        """
        keep = focus_key if focus_key is not None else self.highlighted_key
        self._rows = list(rows)
        self._haystack = [self.search_text(r).casefold() for r in self._rows]
        self._sort()
        self._apply_filter(keep)

    def set_filter(self, query: str, predicate: Callable[[Any], bool] | None = None) -> None:
        """Show rows whose search text contains ``query`` (any case) and pass ``predicate``."""
        self._query = query.strip().casefold()
        self._predicate = predicate
        self._apply_filter(self.highlighted_key)

    def move_to_key(self, key: Hashable) -> bool:
        """Put the cursor on the row with ``key``; False when it is not visible."""
        for position, i in enumerate(self._visible):
            if self.row_key(self._rows[i]) == key:
                self._move(position)
                return True
        return False

    def _sort(self) -> None:
        column = self.columns[self.sort_column] if self.sort_column is not None else None
        if column is None or column.sort_key is None:
            self._order = list(range(len(self._rows)))
            if self.sort_reverse:
                self._order.reverse()
        else:
            self._order = sort_order(self._rows, column.sort_key, self.sort_reverse)

    def _apply_filter(self, keep: Hashable | None) -> None:
        query, predicate, hay, rows = self._query, self._predicate, self._haystack, self._rows
        self._visible = [
            i for i in self._order if (not query or query in hay[i]) and (predicate is None or predicate(rows[i]))
        ]
        position = min(self.cursor, max(len(self._visible) - 1, 0))
        if keep is not None:
            for n, i in enumerate(self._visible):
                if self.row_key(rows[i]) == keep:
                    position = n
                    break
        self._update_virtual_size()
        self._move(position, force=True)

    # ---------------------------------------------------------------- layout
    @property
    def _body_height(self) -> int:
        return max(self.scrollable_content_region.height - 1, 1)

    def _update_virtual_size(self) -> None:
        self._widths = layout_widths(self.columns, self.scrollable_content_region.width, PAD)
        width = sum(self._widths) + 2 * PAD * len(self._widths)
        self.virtual_size = Size(width, len(self._visible) + 1)
        self.refresh()

    def on_resize(self, _event: events.Resize) -> None:
        self._update_virtual_size()
        self._scroll_to_cursor()

    # ---------------------------------------------------------------- cursor
    def _move(self, position: int, *, force: bool = False) -> None:
        count = len(self._visible)
        position = max(0, min(position, count - 1)) if count else 0
        if position != self.cursor or force:
            self.cursor = position
            self.refresh()
        self._scroll_to_cursor()
        key = self.highlighted_key
        if key != self._last_highlighted:
            self._last_highlighted = key
            self.post_message(self.RowHighlighted(self, key))

    def _scroll_to_cursor(self) -> None:
        if not self.is_mounted:
            return
        top, body = round(self.scroll_y), self._body_height
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False)
        elif self.cursor >= top + body:
            self.scroll_to(y=self.cursor - body + 1, animate=False)

    def action_cursor_up(self) -> None:
        self._move(self.cursor - 1)

    def action_cursor_down(self) -> None:
        self._move(self.cursor + 1)

    def action_page_up(self) -> None:
        self._move(self.cursor - self._body_height)

    def action_page_down(self) -> None:
        self._move(self.cursor + self._body_height)

    def action_first(self) -> None:
        self._move(0)

    def action_last(self) -> None:
        self._move(len(self._visible) - 1)

    def action_select(self) -> None:
        key = self.highlighted_key
        if key is not None:
            self.post_message(self.RowSelected(self, key))

    def action_sort_next(self) -> None:
        """Sort by the next sortable column (after the last one, the first again)."""
        sortable = [i for i, c in enumerate(self.columns) if c.sort_key is not None]
        if not sortable:
            return
        current = self.sort_column
        later = [i for i in sortable if current is None or i > current]
        self.sort_by(later[0] if later else sortable[0])

    def action_sort_reverse(self) -> None:
        self.sort_by(self.sort_column, reverse=not self.sort_reverse)

    def sort_by(self, column: int | str | None, *, reverse: bool = False) -> None:
        """Sort by a column (index or key), or restore the loaded order with None."""
        if isinstance(column, str):
            column = next(i for i, c in enumerate(self.columns) if c.key == column)
        self.sort_column, self.sort_reverse = column, reverse
        keep = self.highlighted_key
        self._sort()
        self._apply_filter(keep)

    async def _on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        if offset.y == 0:
            column = self._column_at(offset.x + round(self.scroll_x))
            if column is not None and self.columns[column].sort_key is not None:
                reverse = not self.sort_reverse if column == self.sort_column else False
                self.sort_by(column, reverse=reverse)
            return
        position = round(self.scroll_y) + offset.y - 1
        if position < len(self._visible):
            self._move(position)
            if event.chain >= 2:
                self.action_select()

    def _column_at(self, x: int) -> int | None:
        left = 0
        for i, width in enumerate(self._widths):
            left += width + 2 * PAD
            if x < left:
                return i
        return None

    # ------------------------------------------------------------- rendering
    def render_lines(self, crop: Region) -> list[Strip]:
        """Paint the lines in ``crop``; styles are resolved once per paint, not per line."""
        self._styles = None
        return super().render_lines(crop)

    def _paint_styles(self) -> dict[str, Style]:
        """Row styles (base, header, even-row, cursor) blended over the table's background, and
        cell inks (foreground and text style only) for every cell style name."""
        if self._styles is None:
            base = self.rich_style
            get = self.get_component_rich_style
            styles = {"base": base}
            for name in ("header", "even-row", "cursor"):
                styles[name] = get(f"virtual-table--{name}")
            for name in (*CELL_STYLES, "sorted", "empty"):
                full = get(f"virtual-table--{name}")
                styles[f"ink-{name}"] = Style(color=full.color, bold=full.bold, italic=full.italic)
            self._styles = styles
        return self._styles

    def render_line(self, y: int) -> Strip:
        """Line ``y`` of the widget: the header at 0, then the rows scrolled into view."""
        scroll_x, scroll_y = self.scroll_offset
        width = self.scrollable_content_region.width
        styles = self._paint_styles()
        base = styles["base"]
        if y == 0:
            header = base + styles["header"]
            strip = header_strip(self.columns, self._widths, header, header + styles["ink-sorted"],
                                 self.sort_column, self.sort_reverse, PAD)
        else:
            position = scroll_y + y - 1
            if position < len(self._visible):
                strip = self._row_strip(position, styles)
            elif position == 0:
                style = base + styles["ink-empty"]
                strip = Strip([Segment(" " * PAD + grid_text(self.empty_message), style)])
            else:
                strip = Strip.blank(width, base)
        return strip.crop_extend(scroll_x, scroll_x + width, base)

    def _row_strip(self, position: int, styles: dict[str, Style]) -> Strip:
        row_style = styles["base"] + styles["even-row"] if position % 2 else styles["base"]
        cursor = position == self.cursor
        if cursor:
            row_style = row_style + styles["cursor"]
        inks = {name: row_style + styles[f"ink-{name}"] for name in CELL_STYLES}
        return row_strip(self._rows[self._visible[position]], self.columns, self._widths, row_style, inks,
                         cursor, PAD)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles = None
        self.refresh()

    def on_focus(self, _event: events.Focus) -> None:
        self._styles = None  # the cursor looks different with focus

    def on_blur(self, _event: events.Blur) -> None:
        self._styles = None
