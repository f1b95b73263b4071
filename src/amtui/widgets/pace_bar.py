"""The budget pace bar: budget used as a filled bar, a mark where time is.

One geometry, two renderings: plain text for table cells (``████┃░ 71%``) and styled
:class:`Content` for the client detail's project lines.
"""

from __future__ import annotations

from textual.content import Content


def bar_marks(pct_used: float, pct_elapsed: float, width: int) -> tuple[int, int]:
    """(cells filled by ``pct_used``, index of the cell where ``pct_elapsed`` falls)."""
    filled = max(0, min(width, round(pct_used / 100 * width)))
    mark = max(0, min(width - 1, round(pct_elapsed / 100 * width) - 1))
    return filled, mark


def pace_cell(pct_used: float | None, pct_elapsed: float, width: int = 6) -> str:
    """``████┃░ 71%``: spent as a bar, ``┃`` where time is (``▓`` when inside the bar); no budget
    (``pct_used`` None) shows a full bar and ``—``."""
    used = pct_used if pct_used is not None else 100.0
    filled, mark = bar_marks(used, pct_elapsed, width)
    bar = ["█" if i < filled else "░" for i in range(width)]
    bar[mark] = "▓" if mark < filled else "┃"
    return "".join(bar) + " " + (f"{used:.0f}%" if pct_used is not None else "—").rjust(4)


def pace_bar(pct_used: float, pct_elapsed: float, width: int = 10) -> Content:
    """The bar as styled Content: red when used runs more than 5 points ahead of time or over 100%."""
    filled, mark = bar_marks(pct_used, pct_elapsed, width)
    style = "red" if pct_used - pct_elapsed > 5 or pct_used > 100 else "green"
    cells = [("█" if i < filled else "░", style if i < filled else "dim") for i in range(width)]
    cells[mark] = ("│", f"bold on {style}" if mark < filled else "bold")
    return Content.assemble(*cells)
