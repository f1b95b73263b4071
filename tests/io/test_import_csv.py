"""Reading CSV files, mapping their headers and reading their cells (no database)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from tests.io.test_import_support import HUBSPOT_COMPANIES, SALESFORCE_ACCOUNTS_DE, SALESFORCE_ACTIVITIES

from amtui.enums import ClientStatus, Direction, InteractionKind
from amtui.io.csv_import import CsvFormatError, read_csv, restore_cell, sniff_delimiter
from amtui.io.csv_mapping import HEADERS, KINDS, MappingError, alias_table, map_headers, normalise, parse_overrides
from amtui.io.export import neutralise
from amtui.io.import_values import (
    parse_amount,
    parse_day,
    parse_instant,
    parse_kind,
    parse_minutes,
    parse_sentiment,
    parse_status,
    slash_order,
)

BERLIN = ZoneInfo("Europe/Berlin")


def test_hubspot_export_with_bom_crlf_quotes_and_newlines() -> None:
    table = read_csv(HUBSPOT_COMPANIES.encode())
    assert table.delimiter == ","
    assert table.headers[0] == "Record ID"  # the BOM is gone
    assert [n for n, _ in table.rows] == [2, 3, 4]
    harbor = dict(zip(table.headers, table.rows[0][1], strict=True))
    assert harbor["Company name"] == "Harbor Foods, Inc."
    assert harbor["Description"] == "Chilled ready meals.\r\nRenewal due; procurement pushing on rates."
    assert dict(zip(table.headers, table.rows[1][1], strict=True))["Company name"] == "Café Øresund"


def test_semicolon_files_and_excel_sep_line() -> None:
    assert read_csv(SALESFORCE_ACCOUNTS_DE.encode()).delimiter == ";"
    table = read_csv(b"sep=;\r\nName;Note\r\nA, B;x\r\n")
    assert table.delimiter == ";" and table.rows == [(2, ["A, B", "x"])]
    assert sniff_delimiter('"a;b",c,d') == ","
    assert sniff_delimiter("a\tb\tc") == "\t"


def test_blank_rows_are_skipped_but_keep_their_number() -> None:
    table = read_csv(b"Name,Email\n\nAcme,\n;;\n,,\nBeta,b@x.example\n")
    assert [n for n, _ in table.rows] == [3, 4, 6]  # ";;" is one cell of text in a comma file
    assert table.rows[0][1] == ["Acme", ""]


@pytest.mark.parametrize(("data", "message"), [
    (b'Name,Notes\nAcme,"fine"\nBeta,"never closed\nGamma,x\n', "row 3: a quoted cell is never closed"),
    (b'Name,Notes\nAcme,"ok" trailing\n', "row 2: broken quoting"),
    (b"Name,Notes\nAcme,a,b,c\n", "row 2 has 4 cells but the header has 2"),
    ("Name\nCafé\n".encode("latin-1"), "not UTF-8 text (byte 0xE9 on line 2)"),
    ("Name\nx\n".encode("utf-16"), "UTF-16"),
    (b"", "the file is empty"),
    (b"\n\n", "the file is empty"),
])
def test_unreadable_files_say_where(data: bytes, message: str) -> None:
    with pytest.raises(CsvFormatError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_csv(data)


def test_unterminated_quote_never_swallows_the_rest() -> None:
    with pytest.raises(CsvFormatError, match="row 2"):
        read_csv(b'Name,Notes\nAcme,"oops\nBeta,1\nGamma,2\n')


def test_neutralised_cells_come_back() -> None:
    for value in ("=1+1", "+49 30 1234", "-x", "@home", "\tx", "'=already quoted", "''@"):
        assert restore_cell(neutralise(value)) == value
    for value in ("-12.5", "12", "plain", "'quoted'", "", "2026-11-24"):
        assert neutralise(value) == value
        assert restore_cell(value) == value


def test_header_aliases_are_unambiguous_per_kind() -> None:
    for kind in KINDS:
        seen: dict[str, str] = {}
        for field, aliases in HEADERS[kind].items():
            for alias in (normalise(field), *aliases):
                assert alias == normalise(alias), alias
                assert seen.setdefault(alias, field) == field, f"{kind}: '{alias}' feeds {seen[alias]} and {field}"
        assert len(alias_table(kind)) == len(seen)


def test_crm_headers_map_to_fields() -> None:
    m = map_headers("clients", read_csv(HUBSPOT_COMPANIES.encode()).headers)
    assert {f: m.headers[f] for f in m.columns} == {
        "external_id": "Record ID", "name": "Company name", "owner": "Company owner", "industry": "Industry",
        "status": "Lifecycle Stage", "notes": "Description"}
    assert set(m.ignored) == {"Create Date", "Phone Number", "Annual Revenue", "Last Activity Date"}
    de = map_headers("clients", read_csv(SALESFORCE_ACCOUNTS_DE.encode()).headers)
    assert de.headers["name"] == "Account Name" and de.headers["external_id"] == "Account ID"
    acts = map_headers("interactions", read_csv(SALESFORCE_ACTIVITIES.encode()).headers)
    assert acts.headers["summary"] == "Subject" and "Comments" in acts.ignored  # the best alias wins
    assert acts.headers["logged_by"] == "Assigned" and acts.headers["contact"] == "Contact"


def test_map_overrides_and_ignores() -> None:
    headers = ["Company", "Domain", "Company owner"]
    m = map_headers("clients", headers, parse_overrides(["domain=notes", "Company Owner="], "clients"))
    assert m.columns == {"name": 0, "notes": 1}
    assert m.ignored == ("Company owner",)
    with pytest.raises(MappingError, match="not a clients field"):
        parse_overrides(["Domain=website"], "clients")
    with pytest.raises(MappingError, match="COLUMN=FIELD"):
        parse_overrides(["Domain"], "clients")
    with pytest.raises(MappingError, match="does not have"):
        map_headers("clients", headers, parse_overrides(["Website=notes"], "clients"))
    with pytest.raises(MappingError, match="both"):
        map_headers("clients", headers, parse_overrides(["Company=notes", "Domain=notes"], "clients"))


def test_missing_required_columns_are_named() -> None:
    with pytest.raises(MappingError, match=r"no column for name .*'Email', 'Phone'"):
        map_headers("clients", ["Email", "Phone"])
    with pytest.raises(MappingError, match="the client"):
        map_headers("contacts", ["First Name", "Last Name"])
    with pytest.raises(MappingError, match=r"occurred_at .* kind .* summary"):
        map_headers("interactions", ["Account Name"])


@pytest.mark.parametrize(("text", "order", "day"), [
    ("2026-11-24", "mdy", date(2026, 11, 24)), ("2026/11/24", "dmy", date(2026, 11, 24)),
    ("24.11.2026", "mdy", date(2026, 11, 24)), ("24.11.26", "mdy", date(2026, 11, 24)),
    ("11/24/2026", "mdy", date(2026, 11, 24)), ("24/11/2026", "dmy", date(2026, 11, 24)),
    ("03/04/2026", "mdy", date(2026, 3, 4)), ("03/04/2026", "dmy", date(2026, 4, 3)),
    ("Nov 24, 2026", "dmy", date(2026, 11, 24)), ("24 Nov 2026", "mdy", date(2026, 11, 24)),
    ("24-Nov-26", "mdy", date(2026, 11, 24)), ("November 24, 2026", "mdy", date(2026, 11, 24)),
])
def test_dates_in_crm_formats(text: str, order: str, day: date) -> None:
    assert parse_day(text, order) == day  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["31/02/2026", "2026-13-01", "next week", "24 Foo 2026", "1/2"])
def test_bad_dates_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match=r"date"):
        parse_day(text, "mdy")


def test_instants() -> None:
    assert parse_instant("2026-11-20T14:30:00Z", "mdy", BERLIN) == datetime(2026, 11, 20, 14, 30, tzinfo=UTC)
    assert parse_instant("2026-11-20 14:30", "mdy", BERLIN) == datetime(2026, 11, 20, 14, 30, tzinfo=BERLIN)
    assert parse_instant("11/20/2026, 2:30 PM", "mdy", BERLIN) == datetime(2026, 11, 20, 14, 30, tzinfo=BERLIN)
    assert parse_instant("20.11.2026 08:05:09", "mdy", BERLIN) == datetime(2026, 11, 20, 8, 5, 9, tzinfo=BERLIN)
    assert parse_instant("2026-11-20 10:00 UTC", "mdy", BERLIN) == datetime(2026, 11, 20, 10, tzinfo=UTC)
    assert parse_instant("2026-11-20", "mdy", BERLIN) == datetime(2026, 11, 20, 12, tzinfo=BERLIN)
    exact = datetime(2026, 11, 20, 13, 30, 1, 123456, tzinfo=UTC)
    assert parse_instant(exact.isoformat().replace("+00:00", "Z"), "mdy", BERLIN) == exact
    with pytest.raises(ValueError, match="12-hour"):
        parse_instant("11/20/2026 13:00 PM", "mdy", BERLIN)


def test_slash_order_is_decided_per_file() -> None:
    assert slash_order(["01/02/2026", "24/11/2026"], "mdy") == "dmy"
    assert slash_order(["01/02/2026", "11/24/2026"], "dmy") == "mdy"
    assert slash_order(["01/02/2026", "2026-11-24"], "dmy") == "dmy"
    with pytest.raises(ValueError, match="mixes"):
        slash_order(["24/11/2026", "11/24/2026"], "mdy")


def test_values_crms_write() -> None:
    assert parse_status("Customer - Direct") is ClientStatus.ACTIVE
    assert parse_status("marketingqualifiedlead") is ClientStatus.PROSPECT
    assert parse_status("At risk") is ClientStatus.AT_RISK
    assert parse_kind("Logged call") is InteractionKind.CALL
    assert parse_kind("INCOMING_EMAIL") is InteractionKind.EMAIL
    from amtui.io.import_values import parse_direction

    assert parse_direction("INBOUND") is Direction.INBOUND
    assert parse_sentiment("+1") == 1 and parse_sentiment("Very negative") == -2
    assert parse_minutes("1:30") == 90 and parse_minutes("00:45:00") == 45 and parse_minutes("1h30m") == 90
    assert parse_amount("22.000,00", decimal_comma=True) == 2_200_000
    assert parse_amount("1234,5", decimal_comma=True) == 123_450
    assert parse_amount("12.50", decimal_comma=True) == 1250
    assert parse_amount("€12,500.50", decimal_comma=False) == 1_250_050
    with pytest.raises(ValueError, match="one of"):
        parse_status("Partner")
    with pytest.raises(ValueError):
        parse_sentiment("3")
