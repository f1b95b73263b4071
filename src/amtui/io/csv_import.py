"""Reading a CSV file exported by a CRM or a spreadsheet into header + rows.

* UTF-8 with or without the BOM Excel writes; anything else is refused with what to do.
* The delimiter is read from the header line (``,`` ``;`` or tab, whichever occurs most outside
  quotes); Excel's ``sep=;`` first line is honoured.
* CRLF, LF, quoted delimiters, quotes and line breaks inside cells. ``strict=True``: an
  unterminated quote is an error naming the row where it starts, never a silently swallowed
  rest of the file.
* Rows are numbered as a spreadsheet shows them: the header is row 1 (a ``sep=`` line is not
  counted). Blank rows are skipped but keep their number.
* A cell that amtui's export neutralised (``'=SUM(…)``) gets its value back (see
  :func:`restore_cell`).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from amtui.rules.text import one_line

DELIMITERS = (",", ";", "\t")
_NEUTRALISED = re.compile(r"'+[=+\-@\t\r]")


class CsvFormatError(ValueError):
    """The file cannot be read as CSV; the message (with the row) is meant for the user."""


@dataclass(frozen=True)
class CsvTable:
    """A read file: its delimiter, header cells and data rows as (row number, cells)."""

    delimiter: str
    headers: list[str]
    rows: list[tuple[int, list[str]]]


def decode(data: bytes) -> str:
    """UTF-8 text (a leading BOM dropped); CsvFormatError for anything else."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise CsvFormatError("the file is UTF-16 text; save it as 'CSV UTF-8' and import that")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CsvFormatError(
            f"the file is not UTF-8 text (byte 0x{data[exc.start]:02X} on line {line}); "
            "save it as 'CSV UTF-8' (Excel) or export UTF-8 from the CRM") from None


def sniff_delimiter(header_line: str) -> str:
    """The delimiter that occurs most often outside quotes in the header line (``,`` on a tie)."""
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for ch in header_line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    return max(DELIMITERS, key=lambda d: (counts[d], d == ","))


def restore_cell(cell: str) -> str:
    """Undo the export's formula neutralising: ``'=1+1`` → ``=1+1`` (one quote removed)."""
    return cell[1:] if _NEUTRALISED.match(cell) else cell


def read_csv(data: bytes) -> CsvTable:
    """Read ``data``; raises CsvFormatError (empty file, bad encoding, broken quoting, a row
    longer than the header)."""
    text = decode(data)
    first, _, rest = text.partition("\n")
    delimiter = None
    if re.fullmatch(r"sep=(.)\r?", first):
        delimiter, text = first[4], rest
        first = rest.partition("\n")[0]
    if not text.strip():
        raise CsvFormatError("the file is empty: it needs a header row and at least one row of data")
    delimiter = delimiter or sniff_delimiter(first)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records: list[list[str]] = []
    try:
        for record in reader:
            records.append(record)
    except csv.Error as exc:
        row = len(records) + 1
        detail = "a quoted cell is never closed" if "end of data" in str(exc) else f"broken quoting ({exc})"
        raise CsvFormatError(f"row {row}: {detail}; check the quotes (\") on this row") from None
    headers = [h.strip() for h in records[0]] if records else []
    if not any(headers):
        raise CsvFormatError("row 1 should be the header (column names) but it is empty")
    rows: list[tuple[int, list[str]]] = []
    for number, cells in enumerate(records[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(headers) and any(c.strip() for c in cells[len(headers):]):
            raise CsvFormatError(
                f"row {number} has {len(cells)} cells but the header has {len(headers)}: "
                f"a '{delimiter}' inside a cell needs quotes (\"…\") — near '{one_line(cells[len(headers)], 30)}'")
        cells = [restore_cell(c) for c in cells[: len(headers)]]
        rows.append((number, cells + [""] * (len(headers) - len(cells))))
    return CsvTable(delimiter, headers, rows)
