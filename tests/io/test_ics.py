"""The bookings calendar: parsed back with icalendar field by field, read again by an independent
line-level parser (CRLF, folding at 75 octets, escaping), stable across re-exports, and the CLI."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from amtui.cli import cli
from amtui.db import Database
from amtui.enums import BookingStatus as BS
from amtui.enums import VendorService
from amtui.io.ics import ExportBooking, booking_uid, bookings_calendar, export_bookings, fold
from amtui.models import Booking, Client, Project, Vendor, Workspace
from amtui.rules.text import clean_text
from amtui.services.vendors import BookingForm, save_booking

STAMP = datetime(2026, 11, 24, 8, 30, tzinfo=UTC)
NOTES = "Bring: lights, stands; reflectors \\ diffusers\nCall Ida first.\x1b[31m [bold]x[/]"
LONG = "Øresund café ☕ " * 12


def seed(db: Database) -> dict[str, int]:
    with db.write() as s:
        s.add(Workspace(agency_name="Nord, Lichter; & Partner", currency="EUR"))
        client = Client(name="Studio Nord, GmbH")
        s.add(client)
        s.flush()
        project = Project(client_id=client.id, name=LONG, start_on=date(2026, 11, 1), end_on=date(2026, 12, 31))
        vendor = Vendor(name="Ida Krogh; Photo", service=VendorService.PHOTOGRAPHY)
        s.add_all([project, vendor])
        s.flush()
        start = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
        rows = {
            "hold": Booking(vendor_id=vendor.id, project_id=project.id, starts_at=start,
                            ends_at=start + timedelta(hours=9), cost=180_000, status=BS.HOLD_1, hold_expires_at=start - timedelta(days=2), notes=NOTES),
            "confirmed": Booking(vendor_id=vendor.id, project_id=project.id, starts_at=start + timedelta(days=2),
                                 ends_at=start + timedelta(days=3, hours=9), cost=360_050, status=BS.CONFIRMED,
                                 po_reference="PO-7"),
            "cancelled": Booking(vendor_id=vendor.id, project_id=project.id, starts_at=start + timedelta(days=5),
                                 ends_at=start + timedelta(days=5, hours=4), status=BS.CANCELLED),
        }
        s.add_all(rows.values())
        s.flush()
        return {k: b.id for k, b in rows.items()} | {"vendor": vendor.id, "project": project.id}


def unfold(data: bytes) -> list[str]:
    """An independent reader: RFC 5545 §3.1 unfolding of CRLF-terminated lines."""
    text = data.decode("utf-8")
    assert text.endswith("\r\n")
    logical: list[str] = []
    for line in text[:-2].split("\r\n"):
        if line.startswith((" ", "\t")):
            logical[-1] += line[1:]
        else:
            logical.append(line)
    return logical


def unescape(value: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], value)


def events(lines: list[str]) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    current: dict[str, str] | None = None
    for line in lines:
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            out.append(current)  # type: ignore[arg-type]
            current = None
        elif current is not None:
            name, _, value = line.partition(":")
            current[name.split(";")[0]] = value
    return out


def test_calendar_parses_back_field_by_field(db: Database) -> None:
    ids = seed(db)
    data, count = export_bookings(db, STAMP)
    assert count == 3
    cal = Calendar.from_ical(data)
    assert (str(cal["VERSION"]), str(cal["PRODID"])) == ("2.0", "-//amtui//Vendor bookings//EN")
    assert unescape(cal["X-WR-CALNAME"].to_ical().decode()) == "Nord, Lichter; & Partner — vendor bookings"
    got = {str(e["UID"]): e for e in cal.walk("VEVENT")}
    with db.read() as s:
        bookings = {k: s.get(Booking, ids[k]) for k in ("hold", "confirmed", "cancelled")}
    assert set(got) == {booking_uid(b.id, b.created_at) for b in bookings.values()}
    for key, b in bookings.items():
        e = got[booking_uid(b.id, b.created_at)]
        assert re.fullmatch(rf"booking-{b.id}-\d{{8}}T\d{{6}}@amtui", str(e["UID"]))
        assert e.start == b.starts_at and e.end == b.ends_at and e.start.tzinfo is not None
        assert e["DTSTAMP"].dt == STAMP and int(e["SEQUENCE"]) == b.version - 1
        assert str(e["STATUS"]) == {"hold": "TENTATIVE", "confirmed": "CONFIRMED", "cancelled": "CANCELLED"}[key]
        assert str(e["SUMMARY"]).startswith(f"Ida Krogh; Photo · {LONG.strip()} (Studio Nord, GmbH)")
        assert e.categories == ["photography"]
    hold = got[booking_uid(bookings["hold"].id, bookings["hold"].created_at)]
    description = str(hold["DESCRIPTION"])
    assert "Client: Studio Nord, GmbH" in description and "Cost: €1,800" in description
    assert description.endswith("Bring: lights, stands; reflectors \\ diffusers\nCall Ida first.[31m [bold]x[/]")
    assert "Hold expires: 2026-11-29 08:00 UTC" in description
    assert str(hold["SUMMARY"]).endswith("[1st hold]")
    confirmed = got[booking_uid(bookings["confirmed"].id, bookings["confirmed"].created_at)]
    assert "PO: PO-7" in str(confirmed["DESCRIPTION"]) and "Cost: €3,600.50" in str(confirmed["DESCRIPTION"])


def test_every_line_is_crlf_folded_and_escaped(db: Database) -> None:
    seed(db)
    data, _ = export_bookings(db, STAMP)
    assert b"\x1b" not in data and re.search(rb"(?<!\r)\n", data) is None and re.search(rb"\r(?!\n)", data) is None
    physical = data.split(b"\r\n")[:-1]
    assert all(len(line) <= 75 for line in physical)
    assert any(line.startswith(b" ") for line in physical)  # long lines were folded
    for line in physical:
        line.decode("utf-8")  # no fold splits a multi-byte character
    lines = unfold(data)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines and any(x.startswith("PRODID:") for x in lines)
    assert lines.count("BEGIN:VEVENT") == lines.count("END:VEVENT") == 3
    assert "X-WR-CALNAME:Nord\\, Lichter\\; & Partner — vendor bookings" in lines
    parsed = events(lines)
    for e in parsed:
        assert {"UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "SEQUENCE", "STATUS"} <= e.keys()
        assert all(re.fullmatch(r"\d{8}T\d{6}Z", e[k]) for k in ("DTSTAMP", "DTSTART", "DTEND"))
    hold = next(e for e in parsed if e["STATUS"] == "TENTATIVE")
    assert "reflectors \\\\ diffusers\\nCall Ida first." in hold["DESCRIPTION"]
    assert "Studio Nord\\, GmbH" in hold["SUMMARY"] and "Ida Krogh\\; Photo" in hold["SUMMARY"]
    assert unescape(hold["DESCRIPTION"]).endswith("reflectors \\ diffusers\nCall Ida first.[31m [bold]x[/]")
    assert (hold["DTSTART"], hold["DTEND"]) == ("20261201T080000Z", "20261201T170000Z")


def test_reexport_updates_instead_of_duplicating(db: Database) -> None:
    ids = seed(db)
    first, _ = export_bookings(db, STAMP)
    with db.read() as s:
        b = s.get(Booking, ids["confirmed"])
    form = BookingForm(ids["vendor"], ids["project"], b.starts_at + timedelta(hours=1), b.ends_at, b.cost,
                       b.status, None, "PO-8", "", b.id)
    save_booking(db, form, b.version)
    second, _ = export_bookings(db, STAMP + timedelta(days=1))
    before = {str(e["UID"]): e for e in Calendar.from_ical(first).walk("VEVENT")}
    after = {str(e["UID"]): e for e in Calendar.from_ical(second).walk("VEVENT")}
    assert before.keys() == after.keys() and len(after) == 3
    uid = booking_uid(b.id, b.created_at)
    assert int(after[uid]["SEQUENCE"]) == int(before[uid]["SEQUENCE"]) + 1
    assert after[uid].start == b.starts_at + timedelta(hours=1) and "PO: PO-8" in str(after[uid]["DESCRIPTION"])
    again, _ = export_bookings(db, STAMP + timedelta(days=1))
    assert again == second  # same data, same stamp: byte-identical


def test_cli_writes_the_file_and_refuses_an_empty_workspace(sqlite_db: Database, tmp_path: Path) -> None:
    runner = CliRunner()
    where = str(sqlite_db.target.path)
    out = tmp_path / "bookings.ics"
    empty = runner.invoke(cli, ["export", "bookings", "--db", where, "--format", "ics", "--out", str(out)])
    assert empty.exit_code == 1 and "no bookings to export" in empty.output and not out.exists()
    seed(sqlite_db)
    done = runner.invoke(cli, ["export", "bookings", "--db", where, "--format", "ics", "--out", str(out)])
    assert done.exit_code == 0, done.output
    assert "3 bookings written" in done.output
    assert len(Calendar.from_ical(out.read_bytes()).walk("VEVENT")) == 3
    missing = runner.invoke(cli, ["export", "bookings", "--db", where, "--out", str(tmp_path / "no" / "x.ics")])
    assert missing.exit_code == 1 and "does not exist" in missing.output
    bad = runner.invoke(cli, ["export", "bookings", "--db", where, "--format", "xml"])
    assert bad.exit_code == 2
    to_stdout = runner.invoke(cli, ["export", "bookings", "--db", where])
    assert to_stdout.exit_code == 0 and "BEGIN:VCALENDAR" in to_stdout.stdout
    assert to_stdout.stdout_bytes.count(b"BEGIN:VEVENT\r\n") == 3
    later = runner.invoke(cli, ["export", "bookings", "--db", where, "--from", "2026-12-02"])
    assert later.exit_code == 0 and later.stdout.count("BEGIN:VEVENT") == 2
    wrong = runner.invoke(cli, ["export", "bookings", "--db", where, "--from", "someday"])
    assert wrong.exit_code == 1 and "--from: couldn't read 'someday'" in wrong.output


# --- the writer itself, without a database ------------------------------------------------------------

def test_fold_cuts_at_75_octets_between_characters() -> None:
    for ch in ("a", "é", "€", "😀"):  # 1, 2, 3 and 4 octets
        for n in (70, 74, 75, 76, 200):
            line = "SUMMARY:" + ch * n
            folded = fold(line)
            physical = folded.split(b"\r\n")[:-1]
            assert folded.endswith(b"\r\n") and all(len(p) <= 75 for p in physical)
            assert all(p.startswith(b" ") for p in physical[1:])
            assert b"".join(p[1:] if i else p for i, p in enumerate(physical)).decode() == line
            assert all(len(p) >= 75 - 3 for p in physical[:-1])  # folds only when it must


text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=120)


@settings(max_examples=60, deadline=None)
@given(vendor=text, project=text, client=text, notes=text, po=text)
def test_any_text_reads_back_through_icalendar(vendor: str, project: str, client: str, notes: str, po: str) -> None:
    start = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
    b = ExportBooking(7, STAMP, STAMP, 3, vendor, VendorService.PRINT, project, client, start,
                      start + timedelta(hours=9), 123_456, BS.HOLD_2, start - timedelta(days=1), po, notes)
    data = bookings_calendar([b], "Agency", "EUR", STAMP)
    physical = data.split(b"\r\n")
    assert physical[-1] == b"" and all(len(p) <= 75 for p in physical) and b"\x1b" not in data
    for p in physical:
        p.decode("utf-8")
    [event] = Calendar.from_ical(data).walk("VEVENT")
    v, p, c = clean_text(vendor), clean_text(project), clean_text(client)
    assert str(event["SUMMARY"]) == f"{v} · {p} ({c}) [2nd hold]"
    description = str(event["DESCRIPTION"])
    assert description.startswith(f"Vendor: {v} (print)\nClient: {c}\nProject: {p}\nStatus: 2nd hold\n")
    assert "Hold expires: 2026-11-30 08:00 UTC\nCost: €1,234.56" in description
    if clean_text(notes, multiline=True):
        assert description.endswith("\n\n" + clean_text(notes, multiline=True))
    assert (int(event["SEQUENCE"]), str(event["STATUS"]), event.start, str(event["UID"])) == (
        2, "TENTATIVE", start, booking_uid(7, STAMP))
