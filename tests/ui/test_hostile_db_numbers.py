"""Numbers another tool wrote where the column types allow them: infinity (``9e999``) in the
float columns and, since SQLite keeps a REAL in an INTEGER column, infinity and fractions in the
money columns; amounts near 2**63 whose sum overflows SQLite's integers. Every screen still
loads and the CLI still prints; infinity shows as ∞, a sum past the largest amount as that."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError
from tests.ui.test_hostile_db import control_codes, run_statements, spoiled_workspace, visit_every_screen

from amtui.app import AmtuiApp
from amtui.cli import cli
from amtui.db import Database
from amtui.models import Booking, Client, Project, Spend
from amtui.types import MAX_STORED_MONEY, money_sum

FIRST = "WHERE id = (SELECT min(id) FROM {})"
NEAR_2_63 = 9_000_000_000_000_000_000
BUSIEST = "SELECT project_id FROM {0} GROUP BY project_id HAVING count(*) > 1 ORDER BY count(*) DESC LIMIT 1"
ODD_NUMBERS = (
    "UPDATE workspace SET variance_threshold_pct = 9e999",
    f"UPDATE task SET estimate_hours = 9e999 {FIRST.format('task')}",
    f"UPDATE project SET budget = 9e999 {FIRST.format('project')}",
    f"UPDATE booking SET cost = 9e999 {FIRST.format('booking')}",
    f"UPDATE client SET monthly_retainer = 9e999 {FIRST.format('client')}",
    "UPDATE client SET monthly_retainer = 1250.5 WHERE id = (SELECT max(id) FROM client)",
    f"UPDATE spend SET amount = 9e999 {FIRST.format('spend')}",
    f"UPDATE change_order SET amount = 12.75 {FIRST.format('change_order')}",
    # Amounts near 2**63 on the busiest project: SQLite's integer SUM of two of them overflows.
    f"UPDATE spend SET amount = {NEAR_2_63} WHERE project_id = ({BUSIEST.format('spend')})",
    f"UPDATE booking SET cost = {NEAR_2_63} WHERE project_id = ({BUSIEST.format('booking')})",
    f"UPDATE change_order SET amount = {NEAR_2_63} WHERE project_id = ({BUSIEST.format('change_order')})",
)


@pytest.fixture(scope="module")
def odd_numbers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """The small demo with ``ODD_NUMBERS`` applied; built once (the tests only read it)."""
    yield from spoiled_workspace(tmp_path_factory, lambda path: run_statements(path, ODD_NUMBERS))


def test_money_columns_read_back_as_ints(odd_numbers: Database) -> None:
    with odd_numbers.engine.connect() as conn:
        retainers = conn.execute(select(Client.monthly_retainer).order_by(Client.id)).scalars().all()
        budget = conn.execute(select(Project.budget).order_by(Project.id).limit(1)).scalar_one()
        cost = conn.execute(select(Booking.cost).order_by(Booking.id).limit(1)).scalar_one()
    assert all(type(r) is int for r in retainers)
    assert (retainers[0], retainers[-1]) == (MAX_STORED_MONEY, 1250)  # infinity clamped; 1250.5 rounded (to even)
    assert budget == cost == MAX_STORED_MONEY


def test_money_sums_past_2_63_read_as_the_largest_amount(odd_numbers: Database) -> None:
    busiest = select(Spend.project_id).group_by(Spend.project_id).order_by(func.count().desc()).limit(1)
    with odd_numbers.engine.connect() as conn:
        total = conn.execute(select(money_sum(Spend.amount)).where(Spend.project_id == busiest.scalar_subquery()))
        assert total.scalar_one() == MAX_STORED_MONEY
        with pytest.raises(OperationalError, match="integer overflow"):  # why: SQLite's own SUM
            conn.execute(select(func.sum(Spend.amount)).where(Spend.project_id == busiest.scalar_subquery())).all()
        assert conn.execute(select(money_sum(Spend.amount)).where(Spend.id < 0)).scalar() is None  # no rows: NULL


async def test_every_screen_loads_with_odd_numbers(odd_numbers: Database,
                                                   app_factory: Callable[..., AmtuiApp]) -> None:
    seen = await visit_every_screen(app_factory(odd_numbers))
    for where, text in seen.items():
        assert "Loading" not in text, f"{where} never loaded"
    assert "€∞" in seen["vendors"]  # the booking cost, read as stored


@pytest.mark.parametrize("args", [("today",), ("today", "--json"), ("export", "clients"), ("export", "projects"),
                                  ("export", "bookings", "--format", "json"), ("export", "spend")], ids=" ".join)
def test_cli_prints_odd_numbers(odd_numbers: Database, args: tuple[str, ...], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AMTUI_TZ", "Europe/Berlin")
    result = CliRunner().invoke(cli, [*args, "--db", str(odd_numbers.target.path)])
    assert result.exit_code == 0, result.stderr or repr(result.exception)
    assert not control_codes(result.stdout + result.stderr)
