"""A virtual table: renders only the lines on screen, so 10,000 rows filter in milliseconds.

Rows are any objects (tuples, dataclasses); columns are :class:`~amtui.widgets.columns.Column`
specs. Filtering and sorting rearrange a list of row indexes (:mod:`.table_model`); nothing per
row is built until its line is painted (:mod:`.table_paint`). Cell text is plain data turned
into Segments, never markup.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import Any, ClassVar

from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from amtui.widgets.columns import Column, layout_widths
from amtui.widgets.table_model import TableModel
from amtui.widgets.table_paint import COMPONENT_CLASSES, PAD, TABLE_CSS, Frame, column_at, paint_line, resolve_styles


class VirtualTable(ScrollView, can_focus=True):
    """A keyboard-driven table over a list of rows, with a cursor row, sorting and filtering.

    Args:
        columns: the column specs, left to right.
        row_key: row -> a stable identity (e.g. the client id) kept across reloads.
        search_text: row -> the text the filter looks in (matched case-insensitively).
        empty_message: shown when no row is visible.
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = COMPONENT_CLASSES
    DEFAULT_CSS = TABLE_CSS

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
        self.model = TableModel(row_key, search_text)
        self.empty_message = empty_message
        self.sort_column: int | None = None
        self.sort_reverse = False
        self.cursor = 0
        self._last_highlighted: Hashable | None = None
        self._widths: list[int] = [c.width for c in self.columns]
        self._styles: dict[str, Style] | None = None

    # ------------------------------------------------------------------ data
    @property
    def row_key(self) -> Callable[[Any], Hashable]:
        return self.model.row_key

    @property
    def search_text(self) -> Callable[[Any], str]:
        return self.model.search_text

    @property
    def rows(self) -> list[Any]:
        """The rows as loaded (before sorting and filtering)."""
        return self.model.rows

    _rows = rows  # the name older tests use

    @property
    def row_count(self) -> int:
        """Rows passing the filter."""
        return self.model.visible_count

    @property
    def total_count(self) -> int:
        """Rows loaded."""
        return len(self.model.rows)

    @property
    def highlighted_key(self) -> Hashable | None:
        """The key of the cursor row, None when no row is visible."""
        return self.model.key_at(self.cursor) if self.model.visible else None

    @property
    def highlighted_row(self) -> Any | None:
        return self.model.row_at(self.cursor) if self.model.visible else None

    def visible_keys(self) -> list[Hashable]:
        """Keys of the rows passing the filter, in display order."""
        return self.model.visible_keys()

    def set_rows(self, rows: Sequence[Any], *, focus_key: Hashable | None = None) -> None:
        """Replace the rows, keeping sort, filter and the cursor on the same row when visible.

        ``focus_key`` moves the cursor to that row instead (e.g. a client just created).
        """
        keep = focus_key if focus_key is not None else self.highlighted_key
        self.model.load(rows)
        self._sort()
        self._apply_filter(keep)

    def put_row(self, row: Any) -> None:
        """Replace the row with ``row``'s key (or add it), keeping sort, filter and the cursor's
        row. A row that keeps its place (same sort key, same filter verdict) is only repainted:
        10,000 rows are not sorted and filtered again for one client's new last contact."""
        keep = self.highlighted_key
        old = self.model.put(row)
        if old is not None and self.model.stays(old, row, self._sort_key()):
            self.refresh()
            return
        self._sort()
        self._apply_filter(keep)

    def remove_row(self, key: Hashable) -> None:
        """Remove the row with ``key`` (if shown), keeping sort, filter and the cursor's row when it stays."""
        keep = self.highlighted_key
        if self.model.drop(key):
            self._sort()
            self._apply_filter(keep)

    def set_filter(self, query: str, predicate: Callable[[Any], bool] | None = None) -> None:
        """Show rows whose search text contains ``query`` (any case) and pass ``predicate``."""
        keep = self.highlighted_key
        self.model.set_filter(query, predicate)
        self._apply_filter(keep)

    def move_to_key(self, key: Hashable) -> bool:
        """Put the cursor on the row with ``key``; False when it is not visible."""
        position = self.model.position_of(key)
        if position is None:
            return False
        self._move(position)
        return True

    def _sort_key(self) -> Callable[[Any], Any] | None:
        return self.columns[self.sort_column].sort_key if self.sort_column is not None else None

    def _sort(self) -> None:
        self.model.sort(self._sort_key(), self.sort_reverse)

    def _apply_filter(self, keep: Hashable | None) -> None:
        self.model.refilter()
        position = min(self.cursor, max(self.model.visible_count - 1, 0))
        if keep is not None and (kept := self.model.position_of(keep)) is not None:
            position = kept
        self._update_virtual_size()
        self._move(position, force=True)

    # ---------------------------------------------------------------- layout
    @property
    def _body_height(self) -> int:
        return max(self.scrollable_content_region.height - 1, 1)

    def _update_virtual_size(self) -> None:
        self._widths = layout_widths(self.columns, self.scrollable_content_region.width, PAD)
        width = sum(self._widths) + 2 * PAD * len(self._widths)
        self.virtual_size = Size(width, self.model.visible_count + 1)
        self.refresh()

    def on_resize(self, _event: events.Resize) -> None:
        self._update_virtual_size()
        self._scroll_to_cursor()

    # ---------------------------------------------------------------- cursor
    def _move(self, position: int, *, force: bool = False) -> None:
        count = self.model.visible_count
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
        self._move(self.model.visible_count - 1)

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
            column = column_at(self._widths, offset.x + round(self.scroll_x))
            if column is not None and self.columns[column].sort_key is not None:
                reverse = not self.sort_reverse if column == self.sort_column else False
                self.sort_by(column, reverse=reverse)
            return
        position = round(self.scroll_y) + offset.y - 1
        if position < self.model.visible_count:
            self._move(position)
            if event.chain >= 2:
                self.action_select()

    # ------------------------------------------------------------- rendering
    def render_lines(self, crop: Region) -> list[Strip]:
        """Paint the lines in ``crop``; styles are resolved once per paint, not per line."""
        self._styles = None
        return super().render_lines(crop)

    def _paint_styles(self) -> dict[str, Style]:
        if self._styles is None:
            self._styles = resolve_styles(
                self.rich_style,
                lambda name: self.get_component_rich_style(f"virtual-table--{name}", partial=False),
            )
        return self._styles

    def render_line(self, y: int) -> Strip:
        """Line ``y`` of the widget: the header at 0, then the rows scrolled into view."""
        scroll_x, scroll_y = self.scroll_offset
        frame = Frame(self.columns, self._widths, self.sort_column, self.sort_reverse, self.cursor,
                      self.empty_message, scroll_x, scroll_y, self.scrollable_content_region.width)
        return paint_line(y, self.model, frame, self._paint_styles())

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles = None
        self.refresh()

    def on_focus(self, _event: events.Focus) -> None:
        self._styles = None  # the cursor looks different with focus

    def on_blur(self, _event: events.Blur) -> None:
        self._styles = None
