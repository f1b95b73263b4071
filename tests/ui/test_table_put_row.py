"""VirtualTable.put_row: one changed row (a save's reload) lands in the right place.

A row that keeps its sort key and filter verdict is replaced in place without sorting and
filtering every row again; one that changes either moves or leaves, as a full pass would put it.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import App, ComposeResult

from amtui.widgets.columns import Column
from amtui.widgets.table_model import TableModel
from amtui.widgets.virtual_table import VirtualTable


@dataclass(frozen=True)
class Row:
    id: int
    name: str
    note: str


ROWS = [Row(1, "Cedar", "c"), Row(2, "Alder", "a"), Row(3, "Birch", "b"), Row(4, "Dogwood", "d")]


class TableApp(App[None]):
    def compose(self) -> ComposeResult:
        yield VirtualTable([Column("name", "Name", lambda r: (r.name, None), width=12, sort_key=lambda r: r.name),
                            Column("note", "Note", lambda r: (r.note, None), width=12)],
                           row_key=lambda r: r.id, search_text=lambda r: f"{r.name} {r.note}")


def names(table: VirtualTable) -> list[str]:
    return [table.model.rows[i].name for i in table.model.visible]


def full_pass(rows: list[Row], query: str) -> list[str]:
    """What sorting and filtering every row from scratch shows."""
    model = TableModel(lambda r: r.id, lambda r: f"{r.name} {r.note}")
    model.load(rows)
    model.set_filter(query, None)
    model.sort(lambda r: r.name, False)
    model.refilter()
    return [model.rows[i].name for i in model.visible]


async def test_put_row_in_place_moves_and_leaves_like_a_full_pass() -> None:
    app = TableApp()
    async with app.run_test(size=(40, 10)) as pilot:
        table = app.query_one(VirtualTable)
        table.set_rows(ROWS)
        table.sort_by("name")
        table.move_to_key(3)  # Birch, second
        await pilot.pause()
        current = list(ROWS)

        def put(row: Row) -> None:
            table.put_row(row)
            current[:] = [row if r.id == row.id else r for r in current] + ([] if any(r.id == row.id for r in current)
                                                                             else [row])

        put(Row(3, "Birch", "called today"))  # same name: stays, new note shown
        await pilot.pause()
        assert names(table) == full_pass(current, "") == ["Alder", "Birch", "Cedar", "Dogwood"]
        assert table.highlighted_key == 3
        assert "called today" in table.render_line(2).text  # header, Alder, Birch

        put(Row(3, "Elm", "renamed"))  # new sort key: moves to the end, the cursor follows it
        assert names(table) == full_pass(current, "") == ["Alder", "Cedar", "Dogwood", "Elm"]
        assert table.highlighted_key == 3

        table.set_filter("z")
        assert names(table) == []
        put(Row(1, "Cedar", "zoned"))  # now matches: enters the filtered view
        assert names(table) == full_pass(current, "z") == ["Cedar"]
        put(Row(1, "Cedar", "x"))  # and leaves it
        assert names(table) == full_pass(current, "z") == []
        put(Row(5, "Aspen", "z new"))  # a new row is sorted in
        table.set_filter("")
        assert names(table) == full_pass(current, "") == ["Alder", "Aspen", "Cedar", "Dogwood", "Elm"]

def test_stays_only_when_the_sort_key_and_the_filter_verdict_are_unchanged() -> None:
    model = TableModel(lambda r: r.id, lambda r: r.note)
    model.load(ROWS)
    model.set_filter("a", None)
    by_name = lambda r: r.name  # noqa: E731
    assert model.stays(Row(2, "Alder", "a"), Row(2, "Alder", "aa"), by_name)
    assert not model.stays(Row(2, "Alder", "a"), Row(2, "Alpha", "a"), by_name)
    assert not model.stays(Row(2, "Alder", "a"), Row(2, "Alder", "b"), by_name)
    assert model.stays(Row(2, "Alder", "a"), Row(2, "Alpha", "a"), None)
