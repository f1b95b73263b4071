"""Hand-written facts of the small demo agency: its people, clients, contacts and vendors.

Plain tuples only; :mod:`amtui.demo.agency` turns them into rows. Offsets are days relative
to the demo's today. Money here is whole euros; rows store cents.
"""

from __future__ import annotations

from typing import NamedTuple

from amtui.enums import ClientStatus as CS
from amtui.enums import ClientTier as CT
from amtui.enums import Discipline as D
from amtui.enums import VendorService as VS

AGENCY_NAME = "Northwind Creative (demo)"
AGENCY_DOMAIN = "northwind.example"


class MemberSpec(NamedTuple):
    name: str
    discipline: D
    title: str
    capacity: float


TEAM: tuple[MemberSpec, ...] = (
    MemberSpec("Maya Lindqvist", D.ACCOUNT, "Account director", 40.0),
    MemberSpec("Jonas Weber", D.ACCOUNT, "Account manager", 40.0),
    MemberSpec("Sofia Marin", D.ACCOUNT, "Account manager", 32.0),
    MemberSpec("Priya Raman", D.DESIGN, "Senior designer", 37.5),
    MemberSpec("Tom Becker", D.DESIGN, "Designer", 40.0),
    MemberSpec("Lea Novak", D.COPY, "Copywriter", 24.0),
    MemberSpec("Elif Demir", D.MEDIA, "Media planner", 40.0),
    MemberSpec("Ravi Kapoor", D.DEVELOPMENT, "Developer", 40.0),
    MemberSpec("Nora Hale", D.STRATEGY, "Strategist", 32.0),
    MemberSpec("Felix Ortmann", D.PRODUCTION, "Producer", 40.0),
)

# member first name, first day, last day ("nw0".."nw4" = next week), reason
TIME_OFF: tuple[tuple[str, int | str, int | str, str], ...] = (
    ("Lea", "nw0", "nw4", "Annual leave"),
    ("Maya", -50, -46, "Holiday"),
    ("Nora", -30, -29, "Sick leave"),
    ("Ravi", 20, 20, "Conference"),
    ("Felix", 30, 37, "Holiday"),
)


class ClientSpec(NamedTuple):
    name: str
    status: CS
    tier: CT
    industry: str
    retainer_eur: int
    start: int | None
    renewal: int | None
    cadence: tuple[int, int]
    owner: str
    domain: str
    notes: str


CLIENTS: tuple[ClientSpec, ...] = (
    ClientSpec("Nordlicht Energie", CS.ACTIVE, CT.STRATEGIC, "Energy", 14_000, -640, 190, (7, 14), "Maya",
               "nordlicht-energie.example", "Green-energy utility; media-heavy retainer. The CMO signs off all spend."),
    ClientSpec("Harbor Foods", CS.ACTIVE, CT.CORE, "Food & beverage", 9_500, -324, 41, (14, 30), "Maya",
               "harborfoods.example", "Chilled ready meals. Renewal due; procurement is pushing on rates."),
    ClientSpec("Lumen Optics", CS.ACTIVE, CT.CORE, "Retail (eyewear)", 6_000, -400, 330, (14, 21), "Jonas",
               "lumenoptics.example", "Eyewear chain, 40 stores. The new collection shoot is the big moment."),
    ClientSpec("Café Øresund", CS.ACTIVE, CT.STANDARD, "Hospitality", 8_500, -200, 165, (14, 28), "Sofia",
               "cafeoresund.example", "Coffee-house group in Copenhagen and Malmö; social-first retainer."),
    ClientSpec("Kestrel Outdoor", CS.AT_RISK, CT.CORE, "Outdoor apparel", 7_200, -500, 27, (14, 28), "Jonas",
               "kestreloutdoor.example", "Unhappy with the last campaign; new VP Marketing is reviewing agencies."),
    ClientSpec("Aster Health", CS.ACTIVE, CT.STRATEGIC, "Healthcare", 18_000, -820, 275, (7, 14), "Maya",
               "asterhealth.example", "Private clinics. Every asset goes through medical-legal review."),
    ClientSpec("Meridian Bank", CS.ACTIVE, CT.STRATEGIC, "Financial services", 22_000, -700, 12, (7, 14), "Maya",
               "meridianbank.example", "Savings app launch this quarter; renewal paperwork with legal."),
    ClientSpec("Tidewater Logistics", CS.AT_RISK, CT.STANDARD, "Logistics", 3_500, -380, 58, (21, 42), "Sofia",
               "tidewater.example", "Budget cuts announced; trade show is the only live project."),
    ClientSpec("Fjordline Ferries", CS.ACTIVE, CT.CORE, "Travel", 5_500, -290, 55, (14, 30), "Sofia",
               "fjordline.example", "Seasonal routes; campaigns run in three languages."),
    ClientSpec("Greenleaf Grocers", CS.PAUSED, CT.STANDARD, "Grocery retail", 2_500, -450, 100, (30, 60), "Maya",
               "greenleaf.example", "Retainer paused while they restructure; restart expected next quarter."),
    ClientSpec("Orbit Robotics", CS.PROSPECT, CT.STANDARD, "Technology", 0, None, None, (7, 14), "Jonas",
               "orbitrobotics.example", "Inbound lead from the website; pitching a product launch."),
    ClientSpec("Saltmarsh Distillery", CS.PROSPECT, CT.STANDARD, "Drinks", 0, None, None, (14, 28), "Sofia",
               "saltmarsh.example", "Met at the food & drink awards; small gin brand, export ambitions."),
    ClientSpec("Copperline Architects", CS.CHURNED, CT.STANDARD, "Professional services", 0, -760, -35, (30, 60),
               "Jonas", "copperline.example", "Did not renew: brought content in-house."),
    ClientSpec("Pinecrest Hotels", CS.ACTIVE, CT.CORE, "Hospitality", 7_800, -150, 215, (14, 30), "Jonas",
               "pinecresthotels.example", "Three boutique hotels; new spa opening drives this year's work."),
    ClientSpec("Brio Games", CS.CHURNED, CT.STANDARD, "Gaming", 0, -560, -120, (30, 60), "Sofia",
               "briogames.example", "Studio acquired; marketing moved to the parent company."),
)

# client → contacts (name, role); the first is the primary contact
CONTACTS: dict[str, tuple[tuple[str, str], ...]] = {
    "Nordlicht Energie": (("Katrin Vogel", "CMO"), ("Jan Petersen", "Head of Digital"),
                          ("Mia Schuster", "Brand Manager")),
    "Harbor Foods": (("Owen Fletcher", "Marketing Director"), ("Grace Lin", "Procurement Lead"),
                     ("Sam Okafor", "Brand Manager")),
    "Lumen Optics": (("Elena Rossi", "Head of Brand"), ("Marco Bianchi", "E-commerce Manager")),
    "Café Øresund": (("Mette Sørensen", "Founder & CEO"), ("Jonas Holm", "Marketing Coordinator")),
    "Kestrel Outdoor": (("Ryan Mitchell", "VP Marketing"), ("Hannah Cole", "Brand Manager"),
                        ("Luis Ortega", "Procurement")),
    "Aster Health": (("Anna Keller", "Chief Communications Officer"), ("Tobias Brandt", "Digital Lead"),
                     ("Sara Lund", "Medical-Legal Reviewer"), ("Ben Shaw", "Internal Comms")),
    "Meridian Bank": (("Charlotte Hughes", "CMO"), ("Pieter van Dijk", "Head of Campaigns"),
                      ("Aisha Rahman", "Social Lead")),
    "Tidewater Logistics": (("Mark Jensen", "Commercial Director"), ("Julia Weiss", "Marketing Manager")),
    "Fjordline Ferries": (("Ingrid Solberg", "Head of Marketing"), ("Erik Dahl", "Digital Manager"),
                          ("Kari Nilsen", "PR Manager")),
    "Greenleaf Grocers": (("Paul Adams", "Marketing Manager"), ("Nina Patel", "Category Lead")),
    "Orbit Robotics": (("Daniel Kim", "Co-founder"), ("Laura Chen", "Growth Lead")),
    "Saltmarsh Distillery": (("Fiona MacLeod", "Managing Director"), ("Callum Reid", "Brand Ambassador")),
    "Copperline Architects": (("Henrik Larsen", "Partner"), ("Emma Fischer", "Office Manager")),
    "Pinecrest Hotels": (("Olivia Grant", "Director of Marketing"), ("Matteo Conti", "Revenue Manager"),
                         ("Zoe Adams", "Social Media Manager")),
    "Brio Games": (("Lucas Moreau", "Head of Marketing"), ("Chloé Martin", "Community Manager")),
}


class VendorSpec(NamedTuple):
    name: str
    service: VS
    contact: str
    day_rate_eur: int
    notes: str


VENDORS: tuple[VendorSpec, ...] = (
    VendorSpec("Ida Krogh Photography", VS.PHOTOGRAPHY, "Ida Krogh", 1_800,
               "Fashion and product; books up fast."),
    VendorSpec("Ruth Asante Studio", VS.PHOTOGRAPHY, "Ruth Asante", 1_500, "Interiors and hospitality."),
    VendorSpec("Northlight Print Works", VS.PRINT, "Dev Sharma", 0, "Quotes per job; 5 working days for litho."),
    VendorSpec("Reel Harbour Films", VS.VIDEO, "Alex Moreno", 3_200, "Crew of four incl. DoP and gaffer."),
    VendorSpec("Polyglot Translations", VS.TRANSLATION, "Sanna Virtanen", 480, "DE, NO, SV, DA; medical certified."),
    VendorSpec("Marta Silva", VS.FREELANCE, "Marta Silva", 550, "Freelance UX copywriter."),
    VendorSpec("Inkwell Illustration", VS.ILLUSTRATION, "Theo Grant", 700, "Hand-drawn, menu and packaging."),
    VendorSpec("Soundbay Audio", VS.AUDIO, "Mina Yusuf", 900, "Podcast studio and voice-over casting."),
    VendorSpec("Stagecraft Events", VS.EVENTS, "Oliver Brandt", 2_500, "Stands, launches, AV."),
)
