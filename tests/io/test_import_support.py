"""Helpers for the import/export tests: real-looking CRM exports, a team, counting rows."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from amtui.db import Database
from amtui.enums import Discipline
from amtui.models import TeamMember
from amtui.services.imports import ImportSummary, import_csv

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 24, 9, 0, tzinfo=BERLIN)
BOM = "\ufeff"

# HubSpot "Export companies" (UTF-8 with BOM, CRLF, every cell quoted, a multi-line description).
HUBSPOT_COMPANIES = BOM + "\r\n".join([
    '"Record ID","Company name","Company owner","Create Date","Phone Number","Industry","Lifecycle Stage",'
    '"Annual Revenue","Description","Last Activity Date"',
    '"18274630012","Harbor Foods, Inc.","Maya Lindqvist","2024-03-12 10:22","+44 20 5550 1234","Food & Beverages",'
    '"Customer","12000000","Chilled ready meals.\r\nRenewal due; procurement pushing on rates.","2026-11-01 09:14"',
    '"18274630013","Café Øresund","Sofia Marin","2024-05-02 08:01","","Hospitality","Lead","","Coffee-house '
    'group — København & Malmö ☕",""',
    '"18274630014","Nordlicht Energie GmbH","","2023-11-30 16:45","","Utilities","Customer","","=1+1 ""quoted""",""',
]) + "\r\n"

# HubSpot "Export contacts": first and last name apart, the company by id and by name.
HUBSPOT_CONTACTS = BOM + "\r\n".join([
    "Record ID,First Name,Last Name,Email,Phone Number,Contact owner,Job Title,Associated Company,"
    "Associated Company IDs,Create Date",
    "901,Owen,Fletcher,owen@harborfoods.example,+44 20 5550 1000,Maya Lindqvist,Marketing Director,"
    '"Harbor Foods, Inc.",18274630012,2024-03-12 10:30',
    "902,Grace,Lin,grace@harborfoods.example,,Maya Lindqvist,Procurement Lead,\"Harbor Foods, Inc.\",18274630012,",
    "903,Mette,Sørensen,mette@cafeoresund.example,,Sofia Marin,Founder & CEO,Café Øresund,,2024-05-02 08:05",
]) + "\r\n"

# Salesforce activity report (comma, US dates with AM/PM, Subject + Comments, assigned user).
SALESFORCE_ACTIVITIES = "\r\n".join([
    "Activity ID,Subject,Date,Assigned,Account,Contact,Type,Comments",
    '00T1,"Pricing pushback, call",11/20/2026 4:00 PM,Maya Lindqvist,"Harbor Foods, Inc.",Owen Fletcher,Call,'
    '"Procurement wants 8% off.\nPromised a revised quote."',
    "00T2,Sent revised deck,11/21/2026,Maya Lindqvist,\"Harbor Foods, Inc.\",Grace Lin,Email,",
    "00T3,Tasting visit,10/30/2026 10:30 AM,Sofia Marin,Café Øresund,Mette Sørensen,Meeting,Loved the new menu",
]) + "\r\n"

# Salesforce accounts from a German Excel: semicolons, BOM, day-first dotted dates, decimal comma.
SALESFORCE_ACCOUNTS_DE = BOM + "\r\n".join([
    "Account Name;Account Owner;Type;Industry;Account ID;Contract Start;Renewal Date;Monthly Retainer",
    "Meridian Bank;Maya Lindqvist;Customer - Direct;Financial services;001A1;01.02.2025;06.12.2026;22.000,00",
    "Tidewater Logistics;Sofia Marin;Customer - Channel;Logistics;001A2;15.03.2025;21.01.2027;3.500,50",
    "Orbit Robotics;Jonas Weber;Prospect;Technology;001A3;;;",
]) + "\r\n"


def team(db: Database) -> None:
    """The account managers the exports name as owners."""
    with db.write() as s:
        for name, email in (("Maya Lindqvist", "maya@agency.example"), ("Sofia Marin", "sofia@agency.example"),
                            ("Jonas Weber", "jonas@agency.example")):
            s.add(TeamMember(name=name, email=email, discipline=Discipline.ACCOUNT))


def run(db: Database, kind: str, text: str | bytes, **kw: Any) -> ImportSummary:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return import_csv(db, kind, data, now=kw.pop("now", NOW), **kw)  # type: ignore[arg-type]


def count(db: Database, model: type) -> int:
    with db.read() as s:
        return int(s.execute(select(func.count()).select_from(model)).scalar_one())


def rows(db: Database, model: type, order: Any = None) -> list[Any]:
    with db.read() as s:
        return list(s.scalars(select(model).order_by(order if order is not None else model.id)))  # type: ignore[attr-defined]
