"""Column specs and safe cell text for :class:`~amtui.widgets.virtual_table.VirtualTable`.

Cell text is data: it is cleaned of control characters, never parsed as markup, and cut to
its column by terminal cells (wide CJK/emoji count two), ending in "…" when it does not fit.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, Literal, TypeVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from amtui.rules.text import ELLIPSIS, clean_text

R = TypeVar("R")
Align = Literal["left", "right", "center"]
Cell = tuple[str, str | None]
"""What a column's ``render`` returns: plain text and a style name (or None).

Style names are ``success``, ``warning``, ``error``, ``muted``, ``accent`` and ``strong``:
they map to the table's ``virtual-table--<name>`` component classes, so colours come
from the theme."""

CELL_STYLES = ("success", "warning", "error", "muted", "accent", "strong")

# Explicit bidi embeddings/overrides/isolates and the zero-width joiner: a fixed-width grid
# cannot honour them, and an unterminated override would reorder the cells that follow.
_GRID_UNSAFE = re.compile("[\u202a-\u202e\u2066-\u2069\u200d]")
_MAX_SCAN = 1_000  # characters of a cell ever looked at: a 5,000-char name costs no more


@dataclass(frozen=True)
class Column(Generic[R]):
    """One column of a virtual table.

    Attributes:
        key: identifier of the column (used for sorting).
        label: header text.
        render: row -> (plain text, style name or None). Never markup.
        width: fixed width in cells, or the minimum width of a flex column.
        flex: share of the spare width (0: fixed width).
        align: left, right or center.
        sort_key: row -> comparable value; None makes the column unsortable.
            ``None`` values sort last in both directions.
    """

    key: str
    label: str
    render: Callable[[R], Cell]
    width: int = 10
    flex: int = 0
    align: Align = "left"
    sort_key: Callable[[R], Any] | None = None


def grid_text(text: str) -> str:
    """``text`` made safe for one table cell: one line, no controls or bidi overrides."""
    text = text[:_MAX_SCAN]
    if text.isprintable():  # fast path: no controls, format or separator characters at all
        return text.strip()
    return _GRID_UNSAFE.sub("", clean_text(text))


def fit(text: str, width: int, align: Align = "left") -> str:
    """Pad or cut ``text`` to exactly ``width`` cells, ending in "…" when cut."""
    if width <= 0:
        return ""
    length = cell_len(text)
    if length > width:
        return set_cell_size(text, width - 1) + ELLIPSIS
    gap = width - length
    if align == "right":
        return " " * gap + text
    if align == "center":
        return " " * (gap // 2) + text + " " * (gap - gap // 2)
    return text + " " * gap


def layout_widths(columns: list[Column[Any]], available: int, padding: int) -> list[int]:
    """Widths of ``columns`` filling ``available`` cells (each cell padded both sides).

    Fixed columns keep their width; flex columns share the spare room by their ``flex``.
    When even the minimums do not fit, every column gets its minimum (the table scrolls).
    """
    widths = [c.width for c in columns]
    spare = available - sum(widths) - 2 * padding * len(columns)
    flex_total = sum(c.flex for c in columns)
    if spare <= 0 or flex_total == 0:
        return widths
    given = 0
    flex_indexes = [i for i, c in enumerate(columns) if c.flex]
    for i in flex_indexes:
        share = spare * columns[i].flex // flex_total
        widths[i] += share
        given += share
    widths[flex_indexes[-1]] += spare - given
    return widths


def sort_order(rows: list[Any], key: Callable[[Any], Any], reverse: bool) -> list[int]:
    """Indexes of ``rows`` sorted by ``key`` (text case-insensitively), ``None`` last either way.

    The sort is stable: equal values keep their order in ``rows``.
    """
    present: list[tuple[Any, int]] = []
    missing: list[int] = []
    for i, row in enumerate(rows):
        value = key(row)
        if value is None:
            missing.append(i)
        else:
            present.append((value.casefold() if isinstance(value, str) else value, i))
    present.sort(key=lambda pair: pair[0], reverse=reverse)
    return [i for _, i in present] + missing


def header_strip(columns: list[Column[Any]], widths: list[int], style: Style, sorted_style: Style,
                 sort_column: int | None, reverse: bool, pad: int) -> Strip:
    """The header line: labels, the sorted one marked ▲ (ascending) or ▼ (descending)."""
    segments = []
    for i, (column, width) in enumerate(zip(columns, widths, strict=True)):
        label = column.label
        if i == sort_column:
            label = f"{label} {'▼' if reverse else '▲'}"
        text = " " * pad + fit(label, width, column.align) + " " * pad
        segments.append(Segment(text, sorted_style if i == sort_column else style))
    return Strip(segments)


def row_strip(row: Any, columns: list[Column[Any]], widths: list[int], row_style: Style,
              inks: dict[str, Style], cursor: bool, pad: int) -> Strip:
    """One row as Segments of plain, cleaned text. ``inks`` maps a cell style name to the
    row style with that colour; colours are left off the cursor row so it reads as one bar
    (``strong`` stays)."""
    padding = " " * pad
    segments = []
    for column, width in zip(columns, widths, strict=True):
        text, style_name = column.render(row)
        style = row_style
        if style_name and (not cursor or style_name == "strong"):
            style = inks[style_name]
        segments.append(Segment(padding + fit(grid_text(text), width, column.align) + padding, style))
    return Strip(segments)
