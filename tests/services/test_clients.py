"""Client and contact edits, lookups and references, on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

import pytest

from amtui.db import Database
from amtui.enums import ClientStatus, ClientTier
from amtui.models import Client, ClientContact
from amtui.services.clients import (
    ClientForm,
    ClientRef,
    ContactForm,
    add_contact,
    archive_contact,
    client_refs,
    contacts_of,
    create_client,
    find_client,
    get_client,
    member_refs,
    set_archived,
    update_client,
    update_contact,
)
from amtui.services.errors import AmbiguousError, NotFoundError, StaleEditError, ValidationError

if TYPE_CHECKING:
    from conftest import Seed


def test_create_and_read_back(db: Database, seed: Seed) -> None:
    owner = seed.member(db, "Maya")
    form = ClientForm(name="  Harbor\x1b[31m Foods\n", status=ClientStatus.AT_RISK, tier=ClientTier.CORE,
                      industry="Food", monthly_retainer=450_000, contract_start=date(2026, 1, 1),
                      renewal_date=date(2027, 1, 1), cadence_ideal_days=7, cadence_max_days=21, owner_id=owner,
                      notes="line one\nline two")
    cid = create_client(db, form)
    rec = get_client(db, cid)
    assert rec.name == "Harbor[31m Foods"  # control characters stripped, the rest kept as text
    assert (rec.status, rec.tier, rec.owner, rec.monthly_retainer) == (ClientStatus.AT_RISK, ClientTier.CORE, "Maya",
                                                                       450_000)
    assert (rec.cadence_ideal_days, rec.cadence_max_days, rec.notes, rec.version) == (7, 21, "line one\nline two", 1)


@pytest.mark.parametrize(("changes", "field", "words"), [
    ({"name": " \t "}, "name", "enter a name"),
    ({"name": "x" * 201}, "name", "at most 200"),
    ({"monthly_retainer": -1}, "monthly_retainer", "negative"),
    ({"cadence_ideal_days": 0}, "cadence_ideal_days", "at least 1"),
    ({"cadence_ideal_days": 20, "cadence_max_days": 10}, "cadence_max_days", "shorter than the ideal"),
    ({"contract_start": date(2026, 6, 1), "renewal_date": date(2026, 5, 31)}, "renewal_date", "before the contract"),
    ({"owner_id": 999}, "owner_id", "no longer exists"),
    ({"status": "bogus"}, "status", "choose one of"),
])
def test_each_invalid_field_is_refused_and_nothing_written(db: Database, seed: Seed, changes: dict, field: str,
                                                           words: str) -> None:
    with pytest.raises(ValidationError) as caught:
        create_client(db, replace(ClientForm(name="Acme"), **changes))
    assert field in caught.value.errors and words in caught.value.errors[field]
    assert seed.count(db, Client) == 0


def test_several_problems_are_reported_together(db: Database) -> None:
    with pytest.raises(ValidationError) as caught:
        create_client(db, ClientForm(name="", monthly_retainer=-5, cadence_ideal_days=0))
    assert set(caught.value.errors) == {"name", "monthly_retainer", "cadence_ideal_days"}


def test_names_are_unique_case_insensitively(db: Database, seed: Seed) -> None:
    create_client(db, ClientForm(name="Acme"))
    with pytest.raises(ValidationError) as caught:
        create_client(db, ClientForm(name="ACME"))
    assert caught.value.errors["name"] == "a client named 'Acme' already exists"
    seed.client(db, "Gone Inc", archived_at=seed.at(date(2026, 1, 1)))
    with pytest.raises(ValidationError, match="an archived client named 'Gone Inc'"):
        create_client(db, ClientForm(name="gone inc"))
    assert seed.count(db, Client) == 2


def test_update_checks_the_version(db: Database) -> None:
    cid = create_client(db, ClientForm(name="Acme"))
    update_client(db, cid, 1, ClientForm(name="Acme Corp", monthly_retainer=100))
    rec = get_client(db, cid)
    assert (rec.name, rec.monthly_retainer, rec.version) == ("Acme Corp", 100, 2)
    with pytest.raises(StaleEditError):
        update_client(db, cid, 1, ClientForm(name="Stale write"))
    assert get_client(db, cid).name == "Acme Corp"
    update_client(db, cid, 2, ClientForm(name="acme corp"))  # its own name, other case: fine
    with pytest.raises(NotFoundError):
        update_client(db, 999, 1, ClientForm(name="Nobody"))


def test_update_validates_before_writing(db: Database) -> None:
    cid = create_client(db, ClientForm(name="Acme"))
    create_client(db, ClientForm(name="Beta"))
    with pytest.raises(ValidationError) as caught:
        update_client(db, cid, 1, ClientForm(name="beta", monthly_retainer=5))
    assert "already exists" in caught.value.errors["name"]
    rec = get_client(db, cid)
    assert (rec.name, rec.monthly_retainer, rec.version) == ("Acme", 0, 1)


def test_archive_and_restore(db: Database) -> None:
    cid = create_client(db, ClientForm(name="Acme"))
    set_archived(db, cid, 1, True)
    assert get_client(db, cid).archived and client_refs(db) == []
    with pytest.raises(StaleEditError):
        set_archived(db, cid, 1, False)
    set_archived(db, cid, 2, False)
    assert client_refs(db) == [ClientRef(cid, "Acme")]


def test_primary_contact_switches(db: Database) -> None:
    cid = create_client(db, ClientForm(name="Acme"))
    other = create_client(db, ClientForm(name="Other"))
    add_contact(db, other, ContactForm(name="Their primary", is_primary=True))
    jane = add_contact(db, cid, ContactForm(name="Jane", email="jane@acme.com", is_primary=True))
    bob = add_contact(db, cid, ContactForm(name="Bob", role="CFO"))
    assert [(c.name, c.is_primary) for c in contacts_of(db, cid)] == [("Jane", True), ("Bob", False)]
    update_contact(db, bob, 1, ContactForm(name="Bob", role="CFO", is_primary=True))
    assert [(c.name, c.is_primary) for c in contacts_of(db, cid)] == [("Bob", True), ("Jane", False)]
    jane_row = next(c for c in contacts_of(db, cid) if c.id == jane)
    assert jane_row.version == 2  # un-primarying is an edit too
    with pytest.raises(StaleEditError):
        update_contact(db, jane, 1, ContactForm(name="Jane"))
    assert contacts_of(db, other)[0].is_primary  # another client's primary is untouched
    archive_contact(db, bob, 2)
    assert [c.name for c in contacts_of(db, cid)] == ["Jane"]


@pytest.mark.parametrize(("form", "field"), [
    (ContactForm(name=""), "name"),
    (ContactForm(name="Jane", email="jane"), "email"),
    (ContactForm(name="Jane", email="jane@acme"), "email"),
    (ContactForm(name="Jane", email="a@b@c.com"), "email"),
    (ContactForm(name="Jane", email="jane doe@acme.com"), "email"),
])
def test_invalid_contacts_are_refused(db: Database, seed: Seed, form: ContactForm, field: str) -> None:
    cid = create_client(db, ClientForm(name="Acme"))
    with pytest.raises(ValidationError) as caught:
        add_contact(db, cid, form)
    assert field in caught.value.errors
    assert seed.count(db, ClientContact) == 0


def test_contact_of_a_missing_client(db: Database) -> None:
    with pytest.raises(NotFoundError):
        add_contact(db, 999, ContactForm(name="Jane"))


@pytest.fixture
def named(db: Database, seed: Seed) -> dict[str, int]:
    names = ["Acme", "Acme Labs", "Acorn", "Harbor Foods", "Café Øresund", "Nordlicht Energie", "Sunharbor"]
    ids = {n: seed.client(db, n) for n in names}
    seed.client(db, "Archived Co", archived_at=seed.at(date(2026, 1, 1)))
    return ids


@pytest.mark.parametrize(("query", "expected"), [
    ("acme", "Acme"),  # exact (case-insensitive) wins over the prefix match "Acme Labs"
    ("ACME LABS", "Acme Labs"),
    ("nord", "Nordlicht Energie"),  # unique prefix
    ("café", "Café Øresund"),
    ("  harbor\t", "Harbor Foods"),  # a prefix beats the substring match "Sunharbor"
    ("energie", "Nordlicht Energie"),  # unique substring
])
def test_find_client(db: Database, named: dict[str, int], query: str, expected: str) -> None:
    assert find_client(db, query) == ClientRef(named[expected], expected)


def test_find_client_ambiguous_and_unknown(db: Database, named: dict[str, int]) -> None:
    with pytest.raises(AmbiguousError) as caught:
        find_client(db, "ac")
    assert caught.value.candidates == ["Acme", "Acme Labs", "Acorn"]
    with pytest.raises(AmbiguousError) as caught:
        find_client(db, "o")  # substring of many: up to 10, sorted
    assert caught.value.candidates == sorted(caught.value.candidates, key=str.casefold)
    with pytest.raises(NotFoundError, match="no client matches 'zzz'"):
        find_client(db, "zzz")
    with pytest.raises(NotFoundError):
        find_client(db, "archived")  # archived clients are not found
    with pytest.raises(NotFoundError):
        find_client(db, "   ")


def test_refs(db: Database, seed: Seed) -> None:
    b, a = seed.client(db, "beta"), seed.client(db, "Alpha")
    seed.client(db, "Gone", archived_at=seed.at(date(2026, 1, 1)))
    assert client_refs(db) == [ClientRef(a, "Alpha"), ClientRef(b, "beta")]
    tom, ann = seed.member(db, "tom"), seed.member(db, "Ann")
    seed.member(db, "Left", active=False)
    assert [(m.id, m.name) for m in member_refs(db)] == [(ann, "Ann"), (tom, "tom")]


def test_get_missing_client(db: Database) -> None:
    with pytest.raises(NotFoundError):
        get_client(db, 42)
