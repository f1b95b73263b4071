"""The small demo's workspace, team, time off, clients, contacts and vendors."""

from __future__ import annotations

import unicodedata

from amtui.demo.agency_data import (
    AGENCY_DOMAIN,
    AGENCY_NAME,
    CLIENTS,
    CONTACTS,
    TEAM,
    TIME_OFF,
    VENDORS,
    ClientSpec,
)
from amtui.demo.builder import DemoBuilder
from amtui.models import Client, ClientContact, TeamMember, TimeOff, Vendor, Workspace

_FOLD = str.maketrans({"ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "ß": "ss", "å": "a", "Å": "A"})


def ascii_handle(name: str) -> str:
    """``Mette Sørensen`` → ``mette.sorensen``: a plausible e-mail local part."""
    folded = unicodedata.normalize("NFKD", name.translate(_FOLD))
    plain = "".join(ch for ch in folded if ch.isascii() and (ch.isalnum() or ch == " "))
    return ".".join(plain.lower().split())


def phone_number(b: DemoBuilder) -> str:
    """A made-up number in the fictional 555 range."""
    return f"+44 20 555 {b.rng.randint(1000, 9999)}"


def build_agency(b: DemoBuilder) -> None:
    """Add the workspace row, the team with its time off, clients with contacts, and vendors."""
    t = b.time
    b.add(Workspace, agency_name=AGENCY_NAME, currency="EUR", is_demo=True,
          default_cadence_ideal_days=14, default_cadence_max_days=30, created=t.stamp(-400))
    for spec in TEAM:
        m = b.add(TeamMember, name=spec.name, discipline=spec.discipline, title=spec.title,
                  email=f"{ascii_handle(spec.name)}@{AGENCY_DOMAIN}", weekly_capacity_hours=spec.capacity,
                  active=True, created=t.stamp(-400))
        b.remember("member", spec.name.split()[0], m.id)  # type: ignore[arg-type]
    for first, start, end, reason in TIME_OFF:
        first_day, last_day = t.resolve(start), t.resolve(end)
        b.add(TimeOff, member_id=b.id("member", first), first_day=first_day, last_day=last_day,
              reason=reason, created=t.stamp(min(-3, (first_day - t.today).days - 14)))  # type: ignore[operator]
    for spec in CLIENTS:
        build_client(b, spec)
    for v in VENDORS:
        row = b.add(Vendor, name=v.name, service=v.service, contact_name=v.contact,
                    email=f"{ascii_handle(v.contact)}@{ascii_handle(v.name).replace('.', '')}.example",
                    phone=phone_number(b), day_rate=v.day_rate_eur * 100, notes=v.notes, created=t.stamp(-380))
        b.remember("vendor", v.name.split()[0], row.id)  # type: ignore[arg-type]


def build_client(b: DemoBuilder, spec: ClientSpec) -> None:
    """One client and its contacts (the first contact is the primary one)."""
    t = b.time
    ideal, most = spec.cadence
    start = t.day(spec.start) if spec.start is not None else None
    created = t.stamp(spec.start if spec.start is not None else -25)
    c = b.add(Client, name=spec.name, status=spec.status, tier=spec.tier, industry=spec.industry,
              monthly_retainer=spec.retainer_eur * 100, contract_start=start,
              renewal_date=t.day(spec.renewal) if spec.renewal is not None else None,
              cadence_ideal_days=ideal, cadence_max_days=most, owner_id=b.id("member", spec.owner),
              notes=spec.notes, created=created)
    b.remember("client", spec.name, c.id)  # type: ignore[arg-type]
    b.remember("owner", spec.name, b.id("member", spec.owner))
    for i, (name, role) in enumerate(CONTACTS[spec.name]):
        contact = b.add(ClientContact, client_id=c.id, name=name, role=role,
                        email=f"{ascii_handle(name)}@{spec.domain}", phone=phone_number(b),
                        is_primary=i == 0, created=created)
        b.remember("contact", name, contact.id)  # type: ignore[arg-type]
        b.contacts[spec.name].append((contact.id, name.split()[0]))  # type: ignore[arg-type]
