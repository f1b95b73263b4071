"""Importing real-looking CRM exports into a workspace (SQLite and PostgreSQL): what is created,
updated and left alone; importing twice changes nothing; dry runs write nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select
from tests.io.test_import_support import (
    BERLIN,
    HUBSPOT_COMPANIES,
    HUBSPOT_CONTACTS,
    SALESFORCE_ACCOUNTS_DE,
    SALESFORCE_ACTIVITIES,
    count,
    rows,
    run,
    team,
)

from amtui.db import Database
from amtui.enums import ClientStatus, Direction, InteractionKind
from amtui.models import Client, ClientContact, Interaction, TeamMember


def crm(db: Database) -> None:
    """Team, then HubSpot companies and contacts."""
    team(db)
    assert run(db, "clients", HUBSPOT_COMPANIES).ok
    assert run(db, "contacts", HUBSPOT_CONTACTS).ok


def test_hubspot_companies(db: Database) -> None:
    team(db)
    summary = run(db, "clients", HUBSPOT_COMPANIES)
    assert summary.ok, summary.errors
    assert (summary.rows, summary.created, summary.updated, summary.unchanged) == (3, 3, 0, 0)
    assert summary.written
    harbor, cafe, nord = rows(db, Client)
    with db.read() as s:
        maya = s.scalars(select(TeamMember).where(TeamMember.name == "Maya Lindqvist")).one()
    assert (harbor.name, harbor.external_id, harbor.owner_id) == ("Harbor Foods, Inc.", "18274630012", maya.id)
    assert harbor.status is ClientStatus.ACTIVE and harbor.industry == "Food & Beverages"
    assert harbor.notes == "Chilled ready meals.\nRenewal due; procurement pushing on rates."
    assert cafe.name == "Café Øresund" and cafe.status is ClientStatus.PROSPECT
    assert cafe.notes == "Coffee-house group — København & Malmö ☕"
    assert nord.owner_id is None and nord.notes == '=1+1 "quoted"'  # stored as text, never evaluated
    assert (harbor.version, harbor.cadence_ideal_days, harbor.cadence_max_days) == (1, 14, 30)


def test_importing_the_same_file_twice_changes_nothing(db: Database) -> None:
    crm(db)
    assert run(db, "interactions", SALESFORCE_ACTIVITIES).ok
    before = {m: [(r.id, r.version, r.updated_at) for r in rows(db, m)] for m in (Client, ClientContact, Interaction)}
    for kind, text, n in (("clients", HUBSPOT_COMPANIES, 3), ("contacts", HUBSPOT_CONTACTS, 3),
                          ("interactions", SALESFORCE_ACTIVITIES, 3)):
        again = run(db, kind, text)
        assert (again.created, again.updated, again.unchanged) == (0, 0, n), kind
        assert not again.written
    after = {m: [(r.id, r.version, r.updated_at) for r in rows(db, m)] for m in (Client, ClientContact, Interaction)}
    assert after == before


def test_contacts_link_by_company_id_or_name(db: Database) -> None:
    crm(db)
    owen, grace, mette = rows(db, ClientContact)
    harbor, cafe, _ = rows(db, Client)
    assert (owen.name, owen.client_id, owen.role, owen.external_id) == ("Owen Fletcher", harbor.id,
                                                                          "Marketing Director", "901")
    assert owen.phone == "+44 20 5550 1000" and grace.client_id == harbor.id
    assert (mette.name, mette.client_id) == ("Mette Sørensen", cafe.id)  # no company id: by name


def test_salesforce_activities(db: Database) -> None:
    crm(db)
    summary = run(db, "interactions", SALESFORCE_ACTIVITIES)
    assert summary.ok, summary.errors
    assert summary.created == 3
    visit, call, email = rows(db, Interaction, Interaction.occurred_at)
    owen = rows(db, ClientContact)[0]
    assert (call.kind, call.summary, call.contact_id) == (InteractionKind.CALL, "Pricing pushback, call", owen.id)
    assert call.occurred_at == datetime(2026, 11, 20, 15, 0, tzinfo=UTC)  # 4 PM Berlin
    assert call.external_id == "00T1" and call.logged_by_id is not None
    assert email.occurred_at == datetime(2026, 11, 21, 12, 0, tzinfo=BERLIN)  # a bare date is noon local
    assert visit.kind is InteractionKind.MEETING and visit.direction is Direction.OUTBOUND


def test_german_salesforce_accounts(db: Database) -> None:
    team(db)
    summary = run(db, "clients", SALESFORCE_ACCOUNTS_DE)
    assert summary.ok, summary.errors
    meridian, tidewater, orbit = rows(db, Client)
    assert (meridian.contract_start, meridian.renewal_date) == (date(2025, 2, 1), date(2026, 12, 6))
    assert meridian.monthly_retainer == 2_200_000 and tidewater.monthly_retainer == 350_050
    assert meridian.status is ClientStatus.ACTIVE and orbit.status is ClientStatus.PROSPECT
    assert orbit.monthly_retainer == 0 and orbit.renewal_date is None


def test_changed_rows_update_and_only_their_columns(db: Database) -> None:
    crm(db)
    changed = HUBSPOT_COMPANIES.replace('"Customer","12000000","Chilled', '"Former customer","12000000","Chilled')
    changed = changed.replace("Café Øresund", "Café Øresund Group")  # a rename, found by Record ID
    summary = run(db, "clients", changed)
    assert (summary.created, summary.updated, summary.unchanged) == (0, 2, 1)
    harbor, cafe, _ = rows(db, Client)
    assert harbor.status is ClientStatus.CHURNED and harbor.version == 2
    assert harbor.industry == "Food & Beverages"  # untouched columns keep their value
    assert cafe.name == "Café Øresund Group"
    minimal = run(db, "clients", "Name,Tier\nHarbor Foods, Inc.,strategic\n".replace(", Inc.", ""))
    assert minimal.created == 1  # "Harbor Foods" is another name than "Harbor Foods, Inc."
    assert run(db, "clients", 'Name,Tier\n"HARBOR FOODS, INC.",strategic\n').updated == 1  # names match any case
    assert rows(db, Client)[0].owner_id is not None  # the owner column was absent: kept


def test_existing_clients_adopt_an_external_id(db: Database) -> None:
    team(db)
    assert run(db, "clients", "Name\n\"Harbor Foods, Inc.\"\n").created == 1
    summary = run(db, "clients", HUBSPOT_COMPANIES)
    assert (summary.created, summary.updated) == (2, 1)
    assert rows(db, Client)[0].external_id == "18274630012"


def test_dry_run_writes_nothing(db: Database) -> None:
    team(db)
    summary = run(db, "clients", HUBSPOT_COMPANIES, dry_run=True)
    assert summary.ok and summary.created == 3 and not summary.written
    assert "dry run" in summary.headline()
    assert count(db, Client) == 0


def test_a_primary_contact_unprimaries_the_others(db: Database) -> None:
    crm(db)
    assert run(db, "contacts", "Record ID,Primary,Company ID\n902,yes,18274630012\n").updated == 1
    assert [c.is_primary for c in rows(db, ClientContact)] == [False, True, False]
    summary = run(db, "contacts", "Record ID,Primary,Company ID\n901,yes,18274630012\n")
    assert summary.updated == 2  # Owen becomes primary, Grace stops being primary
    assert [c.is_primary for c in rows(db, ClientContact)] == [True, False, False]


def test_interactions_without_ids_match_on_their_natural_key(db: Database) -> None:
    crm(db)
    text = ("Client,Date,Type,Summary,Sentiment,Follow-up date\n"
            "Café Øresund,2026-11-02 10:00,call,Menu chat,+1,2026-11-30\n")
    assert run(db, "interactions", text).created == 1
    assert run(db, "interactions", text).unchanged == 1
    assert run(db, "interactions", text.replace("+1,", "+2,")).updated == 1
    assert run(db, "interactions", text.replace("Menu chat", "Menu chat again")).created == 1
    first, _again = rows(db, Interaction)
    assert (first.sentiment, first.follow_up_on) == (2, date(2026, 11, 30))


def test_progress_is_reported(db: Database) -> None:
    team(db)
    seen: list[float] = []
    big = "Name,Industry\n" + "".join(f"Client {n:04},Retail\n" for n in range(1200))
    summary = run(db, "clients", big, progress=seen.append)
    assert summary.created == 1200 and count(db, Client) == 1200
    assert seen == sorted(seen) and seen[-1] == 1.0 and len(seen) >= 4
