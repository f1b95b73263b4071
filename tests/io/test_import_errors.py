"""Every class of bad input: the error names the row (as a spreadsheet numbers it) and the column,
and a file with any error writes nothing — not even its good rows."""

from __future__ import annotations

import pytest
from tests.io.test_import_support import HUBSPOT_COMPANIES, HUBSPOT_CONTACTS, rows, run, team

from amtui.db import Database
from amtui.models import Client, ClientContact, Interaction

GOOD_CLIENT = '"Fresh Client Ltd",standard\n'  # a valid row in every client file below: never written
CASES: list[tuple[str, str, str]] = [
    # kind, file, the error (row, column and message)
    ("clients", 'Name,Tier\n' + GOOD_CLIENT + '"Broken,standard\nOther,core\n', "row 3: a quoted cell is never closed"),
    ("clients", "Name,Tier\n" + GOOD_CLIENT + "A,core,extra\n", "row 3 has 3 cells but the header has 2"),
    ("clients", "Email,Phone\nx@y.example,1\n", "no column for name"),
    ("clients", "Name,Tier\n" + GOOD_CLIENT + ",core\n", "row 3, column 'Name': the client's name is missing"),
    ("clients", "Name,Tier\n" + GOOD_CLIENT + "Zeta,platinum\n",
     "row 3, column 'Tier': 'platinum' is not one of: strategic, core, standard"),
    ("clients", "Name,Renewal date\nFresh Client Ltd,2027-01-01\nZeta,31/02/2026\n",
     "row 3, column 'Renewal date': '31/02/2026' is not a real date"),
    ("clients", "Name,Renewal date\nFresh Client Ltd,24/11/2026\nZeta,11/24/2026\n", "mixes day-first"),
    ("clients", "Name,MRR\nFresh Client Ltd,100\nZeta,-500\n", "row 3, column 'MRR': amount '-500' can't be negative"),
    ("clients", "Name,MRR\nFresh Client Ltd,100\nZeta,lots\n", "row 3, column 'MRR': couldn't read 'lots'"),
    ("clients", "Name,Company owner\nFresh Client Ltd,Maya Lindqvist\nZeta,Bob Smith\n",
     "row 3, column 'Company owner': no team member named 'Bob Smith'"),
    ("clients", "Name,Ideal cadence,Max cadence\nFresh Client Ltd,7,14\nZeta,30,10\n",
     "row 3, column 'Max cadence': maximum cadence (10 days) can't be shorter than the ideal (30 days)"),
    ("clients", "Name,Contract start,Renewal date\nFresh Client Ltd,,\nZeta,2026-06-01,2026-01-01\n",
     "row 3, column 'Renewal date': the renewal (2026-01-01) can't be before the contract start"),
    ("clients", "Name\nFresh Client Ltd\n" + "Z" * 201 + "\n", "row 3, column 'Name': at most 200 characters"),
    ("clients", "Name\nFresh Client Ltd\nfresh client ltd\n", "row 3, column 'Name': the same client as row 2"),
    ("clients", "Record ID,Name\n1,Fresh Client Ltd\n77,Harbor Foods, Inc.\n".replace("Harbor Foods, Inc.",
                                                                                      '"Harbor Foods, Inc."'),
     "row 3, column 'Record ID': a client named 'Harbor Foods, Inc.' already exists with external id '18274630012'"),
    ("clients", "Record ID,Name\n18274630013,Fresh Client Ltd\n18274630012,Café Øresund\n",
     "row 3, column 'Name': another client is already named 'Café Øresund'"),
    ("contacts", "Name,Email,Company\nAnna,anna@x.example,Café Øresund\nBen,ben@x.example,Nope GmbH\n",
     "row 3, column 'Company': no client named 'Nope GmbH': import the clients first"),
    ("contacts", "Name,Email,Company\nAnna,anna@x.example,Café Øresund\nBen,ben-at-example,Café Øresund\n",
     "row 3, column 'Email': 'ben-at-example' doesn't look like an email address"),
    ("contacts", "Name,Primary,Company\nAnna,yes,Café Øresund\nBen,yes,Café Øresund\n",
     "row 3, column 'Primary': row 2 already makes a primary contact for this client"),
    ("contacts", "First Name,Last Name,Company\nAnna,Berg,Café Øresund\n,,Café Øresund\n",
     "row 3, column 'Last Name': the contact's name is missing"),
    ("interactions", "Client,Date,Type,Summary\nCafé Øresund,2026-11-20,call,fine\n"
                     "Café Øresund,2026-12-24,call,later\n",
     "row 3, column 'Date': that is in the future"),
    ("interactions", "Client,Date,Type,Summary\nCafé Øresund,2026-11-20,call,fine\nCafé Øresund,2026-11-21,fax,x\n",
     "row 3, column 'Type': 'fax' is not one of: call, email, meeting, message, note"),
    ("interactions", "Client,Date,Type,Summary\nCafé Øresund,2026-11-20,call,fine\nCafé Øresund,2026-11-21,call,\n",
     "row 3, column 'Summary': the summary is missing"),
    ("interactions", "Client,Date,Type,Summary,Sentiment\nCafé Øresund,2026-11-20,call,fine,1\n"
                     "Café Øresund,2026-11-21,call,x,5\n", "row 3, column 'Sentiment': '5': use -2"),
    ("interactions", "Client,Date,Type,Summary,Follow-up date\nCafé Øresund,2026-11-20,call,fine,\n"
                     "Café Øresund,2026-11-21,call,x,2026-11-01\n",
     "row 3, column 'Follow-up date': the follow-up can't be before the touch (2026-11-21)"),
    ("interactions", "Client,Date,Type,Summary,Contact\nCafé Øresund,2026-11-20,call,fine,Mette Sørensen\n"
                     "Café Øresund,2026-11-21,call,x,Owen Fletcher\n",
     "row 3, column 'Contact': 'Owen Fletcher' is not a contact of this client"),
    ("interactions", "Client,Date,Type,Summary,Duration\nCafé Øresund,2026-11-20,call,fine,30\n"
                     "Café Øresund,2026-11-21,call,x,26h\n",
     "row 3, column 'Duration': duration '26h' is over 24 hours"),
    ("interactions", "Client,Date,Type,Summary\nCafé Øresund,2026-11-20,call,fine\n,2026-11-21,call,x\n",
     "row 3, column 'Client': the client is missing"),
    ("interactions", "Client,Date,Type,Summary\nCafé Øresund,2026-11-20,call,fine\nCafé Øresund,2026-11-20,call,fine\n",
     "row 3, column 'Summary': the same interaction as row 2"),
]


@pytest.fixture
def workspace(db: Database) -> Database:
    team(db)
    assert run(db, "clients", HUBSPOT_COMPANIES).ok
    assert run(db, "contacts", HUBSPOT_CONTACTS).ok
    return db


def snapshot(db: Database) -> list[list[tuple[int, int]]]:
    return [[(r.id, r.version) for r in rows(db, m)] for m in (Client, ClientContact, Interaction)]


@pytest.mark.parametrize(("kind", "text", "expected"), CASES, ids=[f"{k}-{n}" for n, (k, *_r) in enumerate(CASES)])
def test_an_error_names_row_and_column_and_nothing_is_written(workspace: Database, kind: str, text: str,
                                                              expected: str) -> None:
    before = snapshot(workspace)
    summary = run(workspace, kind, text)
    assert not summary.ok and not summary.written
    assert any(expected in str(e) for e in summary.errors), [str(e) for e in summary.errors]
    assert summary.headline().endswith("nothing was written")
    assert snapshot(workspace) == before


def test_a_dry_run_lists_the_same_errors(workspace: Database) -> None:
    kind, text, expected = CASES[9]
    summary = run(workspace, kind, text, dry_run=True)
    assert [str(e) for e in summary.errors] == [str(e) for e in run(workspace, kind, text).errors]
    assert expected in str(summary.errors[0])


def test_all_errors_of_a_file_are_reported_at_once(workspace: Database) -> None:
    text = "Name,Tier,MRR\n,core,1\nB,gold,2\nC,core,-1\n"
    summary = run(workspace, "clients", text)
    assert [(e.row, e.column) for e in summary.errors] == [(2, "Name"), (3, "Tier"), (4, "MRR")]
    assert summary.error_count == 3
