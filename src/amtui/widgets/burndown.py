"""A burndown chart drawn in braille: ideal line, actual remaining, committed and forecast.

Each terminal cell holds a 2x4 grid of braille dots, so a 48x10 chart has 96x40 points: crisp
at 80 columns and cheap to draw (no plotting library). Series are drawn as dot lines; where two
meet in one cell the more important one wins (actual > committed > forecast > ideal). Colours
come from the theme through component classes. Every label is plain text (dates and money).
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip
from textual.widget import Widget

from amtui.rules.budget import Burndown, short_money
from amtui.rules.when import MONTH_ABBR

BRAILLE = 0x2800
DOT_BITS = ((0x01, 0x08), (0x02, 0x10), (0x04, 0x20), (0x40, 0x80))  # [row][col] inside a cell
SERIES = ("actual", "committed", "forecast", "ideal", "today", "zero")  # drawing priority, highest first
LEGEND = (("━", "actual", "remaining"), ("┃", "committed", "committed"), ("╍", "forecast", "forecast"),
          ("─", "ideal", "ideal"))


def _day(point: int, chart: Burndown) -> str:
    d = chart.day_of(point)
    return f"{d.day} {MONTH_ABBR[d.month - 1]}"


def _line(dots: set[tuple[int, int]], a: tuple[int, int], b: tuple[int, int], dashed: bool = False) -> None:
    """Add the dots of the segment from ``a`` to ``b`` (x, y in dots); ``dashed`` skips every other pair."""
    (x0, y0), (x1, y1) = a, b
    steps = max(abs(x1 - x0), abs(y1 - y0), 1)
    for i in range(steps + 1):
        x = x0 + round((x1 - x0) * i / steps)
        if dashed and (x // 2) % 2:
            continue
        dots.add((x, y0 + round((y1 - y0) * i / steps)))


class BurndownChart(Widget):
    """Shows one :class:`~amtui.rules.budget.Burndown`; call :meth:`show` to change it."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {f"burndown--{name}" for name in (*SERIES, "axis", "over", "empty")}
    DEFAULT_CSS = """
    BurndownChart {
        height: 1fr;
        min-height: 5;
        & > .burndown--actual { color: $primary; text-style: bold; }
        & > .burndown--committed { color: $accent; }
        & > .burndown--forecast { color: $warning; }
        & > .burndown--over { color: $error; }
        & > .burndown--ideal { color: $text-muted; }
        & > .burndown--today { color: $secondary 60%; }
        & > .burndown--zero { color: $text-muted; }
        & > .burndown--axis { color: $text-muted; }
        & > .burndown--empty { color: $text-muted; text-style: italic; }
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.chart: Burndown | None = None
        self.symbol = "€"
        self.flagged = False
        self.empty_message = "Select a project to see its burndown."
        self._cache: tuple[tuple[int, int], list[list[tuple[str, str]]]] | None = None

    def show(self, chart: Burndown | None, *, symbol: str = "€", flagged: bool = False,
             empty_message: str | None = None) -> None:
        """Draw ``chart`` (None: the empty message); ``flagged`` draws the forecast as an overrun."""
        self.chart, self.symbol, self.flagged = chart, symbol, flagged
        if empty_message is not None:
            self.empty_message = empty_message
        self._cache = None
        self.refresh()

    # ------------------------------------------------------------------ layout of the cells
    def cells(self, width: int, height: int) -> list[list[tuple[str, str]]]:
        """The chart as rows of (text, style name) runs, for ``width`` x ``height`` cells."""
        chart = self.chart
        if chart is None or height < 4 or width < 20:
            return [[(self.empty_message, "empty")]]
        values = [v for series in (chart.ideal, chart.actual, chart.forecast) for v in series if v is not None]
        top, bottom = max(*values, chart.budget, 1), min(*values, 0)
        labels = {0: short_money(top, self.symbol), height - 3: short_money(bottom, self.symbol)}
        gutter = max(len(s) for s in labels.values()) + 1
        plot_w, plot_h = width - gutter, height - 2
        dots_w, dots_h = plot_w * 2, plot_h * 4
        n = max(len(chart.ideal) - 1, 1)

        def x_of(point: int) -> int:
            return round(point / n * (dots_w - 1))

        def y_of(value: int) -> int:
            return round((top - value) / (top - bottom) * (dots_h - 1))

        if bottom < 0:
            labels[y_of(0) // 4] = short_money(0, self.symbol)
        layers: dict[str, set[tuple[int, int]]] = {name: set() for name in SERIES}
        for name, series in (("ideal", chart.ideal), ("actual", chart.actual), ("forecast", chart.forecast)):
            points = [(x_of(j), y_of(v)) for j, v in enumerate(series) if v is not None]
            for a, b in pairwise(points):
                _line(layers[name], a, b, dashed=name == "forecast")
            if len(points) == 1:
                layers[name].add(points[0])
        t = chart.today_index
        if t is not None:
            x = x_of(t)
            layers["today"].update((x, y) for y in range(0, dots_h, 2))
            now = chart.actual[t]
            if chart.committed and now is not None:
                _line(layers["committed"], (x, y_of(now)), (x, y_of(now - chart.committed)))
        if bottom < 0:
            layers["zero"].update((x, y_of(0)) for x in range(0, dots_w, 4))

        grid: dict[tuple[int, int], dict[str, int]] = {}
        for name in SERIES:
            for x, y in layers[name]:
                cell = grid.setdefault((x // 2, y // 4), {})
                cell[name] = cell.get(name, 0) | DOT_BITS[y % 4][x % 2]
        forecast_style = "over" if self.flagged else "forecast"
        rows: list[list[tuple[str, str]]] = [self._legend(width)]
        for row in range(plot_h):
            label = labels.get(row, "")
            runs = [(label.rjust(gutter - 1) + ("┤" if label else "│"), "axis")]
            for col in range(plot_w):
                cell = grid.get((col, row), {})
                if not cell:
                    runs.append((" ", "axis"))
                    continue
                name = next(s for s in SERIES if s in cell)
                runs.append((chr(BRAILLE + cell[name]), forecast_style if name == "forecast" else name))
            rows.append(runs)
        rows.append(self._x_axis(chart, gutter, plot_w, x_of))
        return rows

    def _legend(self, width: int) -> list[tuple[str, str]]:
        runs: list[tuple[str, str]] = []
        used = 0
        for mark, style, label in LEGEND:
            piece = f"{mark} {label}  "
            if used + len(piece) > width:
                break
            runs += [(mark, "over" if style == "forecast" and self.flagged else style), (f" {label}  ", "axis")]
            used += len(piece)
        return runs

    def _x_axis(self, chart: Burndown, gutter: int, plot_w: int, x_of: Callable[[int], int]) -> list[tuple[str, str]]:
        n = len(chart.ideal) - 1
        line = [" "] * plot_w
        start, end = _day(0, chart), _day(n, chart)

        def put(text: str, at: int) -> None:
            at = max(0, min(at, plot_w - len(text)))
            line[at:at + len(text)] = list(text)

        put(start, 0)
        put(end, plot_w - len(end))
        if chart.today_index is not None:
            at = x_of(chart.today_index) // 2
            today = f"▲{_day(chart.today_index, chart)}"
            if len(start) < at and at + len(today) < plot_w - len(end):
                put(today, at)
        return [(" " * gutter + "".join(line), "axis")]

    # ------------------------------------------------------------------ painting
    def render_line(self, y: int) -> Strip:
        size = (self.content_size.width, self.content_size.height)
        if self._cache is None or self._cache[0] != size:
            self._cache = (size, self.cells(*size))
        rows = self._cache[1]
        base = self.rich_style
        if y >= len(rows):
            return Strip.blank(size[0], base)
        segments = [Segment(text, base + self._style(name)) for text, name in rows[y]]
        return Strip(segments).crop_extend(0, size[0], base)

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"burndown--{name}", partial=True)

    def on_resize(self) -> None:
        self._cache = None

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self.refresh()
