"""What a :class:`~amtui.widgets.virtual_table.VirtualTable` shows, apart from how it paints.

The rows stay as loaded; sorting and filtering only rearrange lists of row indexes, so a
keystroke on 100,000 rows builds no row objects. No Textual here: the widget owns the cursor,
scrolling and messages, and asks this model which row sits at which position.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import Any

from amtui.widgets.columns import sort_order


class TableModel:
    """Rows in sort order, narrowed by a text query and an optional predicate.

    Attributes:
        row_key: row -> a stable identity (e.g. the client id) kept across reloads.
        search_text: row -> the text the query looks in (matched case-insensitively).
        rows: the rows as loaded.
        order: indexes of every row, in sort order.
        visible: indexes of the rows passing the filter, in sort order (position -> row index).
    """

    def __init__(self, row_key: Callable[[Any], Hashable], search_text: Callable[[Any], str]) -> None:
        self.row_key = row_key
        self.search_text = search_text
        self.rows: list[Any] = []
        self.order: list[int] = []
        self.visible: list[int] = []
        self._haystack: list[str] = []
        self._query = ""
        self._predicate: Callable[[Any], bool] | None = None

    def load(self, rows: Sequence[Any]) -> None:
        """Replace the rows (call :meth:`sort` and :meth:`refilter` after)."""
        self.rows = list(rows)
        self._haystack = [self.search_text(r).casefold() for r in self.rows]

    def put(self, row: Any) -> Any | None:
        """Replace the row with ``row``'s key, or add it (call :meth:`sort` and :meth:`refilter`
        after, unless :meth:`stays` says the replaced row keeps its place). Returns the row it
        replaced, or None."""
        key = self.row_key(row)
        index = self._index_of(key)
        if index is None:
            self.rows.append(row)
            self._haystack.append(self.search_text(row).casefold())
            return None
        old, self.rows[index] = self.rows[index], row
        self._haystack[index] = self.search_text(row).casefold()
        return old

    def stays(self, old: Any, new: Any, key: Callable[[Any], Any] | None) -> bool:
        """Whether ``new``, put in place of ``old``, keeps its position: the same sort key (the
        sort is stable) and the same verdict from the query and the predicate."""
        return (key is None or key(old) == key(new)) and self._passes(old) == self._passes(new)

    def _passes(self, row: Any) -> bool:
        return ((not self._query or self._query in self.search_text(row).casefold())
                and (self._predicate is None or self._predicate(row)))

    def drop(self, key: Hashable) -> bool:
        """Remove the row with ``key``; False when there is none (call :meth:`sort` and :meth:`refilter` after)."""
        index = self._index_of(key)
        if index is None:
            return False
        del self.rows[index], self._haystack[index]
        return True

    def _index_of(self, key: Hashable) -> int | None:
        row_key = self.row_key
        return next((i for i, r in enumerate(self.rows) if row_key(r) == key), None)

    def set_filter(self, query: str, predicate: Callable[[Any], bool] | None) -> None:
        """Rows whose search text contains ``query`` (any case) and pass ``predicate``
        (call :meth:`refilter` after)."""
        self._query = query.strip().casefold()
        self._predicate = predicate

    def sort(self, key: Callable[[Any], Any] | None, reverse: bool) -> None:
        """Order by ``key`` (``None`` values last), or the loaded order when ``key`` is None."""
        if key is None:
            self.order = list(range(len(self.rows)))
            if reverse:
                self.order.reverse()
        else:
            self.order = sort_order(self.rows, key, reverse)

    def refilter(self) -> None:
        """Recompute :attr:`visible` from the sort order, the query and the predicate."""
        query, predicate, hay, rows = self._query, self._predicate, self._haystack, self.rows
        self.visible = [
            i for i in self.order if (not query or query in hay[i]) and (predicate is None or predicate(rows[i]))
        ]

    @property
    def visible_count(self) -> int:
        return len(self.visible)

    def row_at(self, position: int) -> Any:
        """The row shown at ``position`` (0 is the first visible row)."""
        return self.rows[self.visible[position]]

    def key_at(self, position: int) -> Hashable:
        return self.row_key(self.rows[self.visible[position]])

    def position_of(self, key: Hashable) -> int | None:
        """The position of the visible row with ``key``, or None."""
        row_key, rows = self.row_key, self.rows
        for position, i in enumerate(self.visible):
            if row_key(rows[i]) == key:
                return position
        return None

    def visible_keys(self) -> list[Hashable]:
        return [self.row_key(self.rows[i]) for i in self.visible]
