"""A big, realistic Quorum database for benchmarks, generated from a seed.

Not a bench: a library, with no command line of its own, that ``bench/queries.py`` imports to
build the database it measures against.

The schema is built by Alembic (``Database.upgrade``), exactly as ``quorum db upgrade`` builds
it; the rows are then bulk-inserted with the stdlib ``sqlite3`` module in one transaction,
with ids assigned here. Values are written in the forms the ORM writes on SQLite: UTC times
as naive ``YYYY-MM-DD HH:MM:SS.ffffff`` text, dates as ``YYYY-MM-DD``, booleans as 0/1;
:func:`verify_round_trip` checks that against the ORM itself. The search indexes (FTS5,
migration 0012) are filled by their triggers as the rows go in, then merged as the bot's hourly
upkeep merges them.

Shape, per board (200 boards by default): 20-30 memberships (a chair, a vice-chair, officers,
members, one clerk; some people sit on two or three boards), about 10 meetings a year on
weekday afternoons (Europe/London), about 15 agenda items each (2% exempt), and for meetings
already held about 3.5 actions and 3 decisions. About 2.5 people per board are linked to a
Telegram account. "Now" is in the eighth year of ten (70% of the way through), so boards
have both a history and coming meetings.
"""

from __future__ import annotations

import asyncio
import random
import sqlite3
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import text
from sqlmodel import col, select

from services.names import name_key, slugify
from storage.engine import Database
from storage.models import AgendaItem, Meeting
from storage.search_index import is_search_index, merge_search_indexes

LONDON = ZoneInfo("Europe/London")
FIRST_YEAR = 2018
PEOPLE_PER_BOARD = 25
LINKED_PER_BOARD = 2.5
SHARED_SEAT = 0.12  # chance that a seat goes to someone already on another board
MAX_BOARDS_EACH = 3
EXEMPT_RATE = 0.02
CANCELLED_RATE = 0.02
TELEGRAM_ID_BASE = 300_000_000
SOURCE = "bench/bigdb.py"
DEFAULT_SEED = 20_231_010

PLACES = (
    "Rutland", "Leicestershire", "Leicester City", "Northamptonshire", "Lincolnshire",
    "Nottinghamshire", "Derbyshire", "Warwickshire", "Coventry", "Solihull", "Worcestershire",
    "Herefordshire", "Shropshire", "Telford and Wrekin", "Staffordshire", "Stoke-on-Trent",
    "Cheshire East", "Cheshire West", "Cumberland", "Westmorland", "Lancashire", "Blackpool",
    "Blackburn", "Bolton", "Bury", "Oldham", "Rochdale", "Salford", "Stockport", "Tameside",
    "Trafford", "Wigan", "Calderdale", "Kirklees", "Wakefield", "Barnsley", "Rotherham",
    "Doncaster", "Sheffield", "North Yorkshire", "York", "Hull", "East Riding", "Durham",
    "Gateshead", "Sunderland", "Northumberland", "Cornwall", "Devon", "Plymouth", "Torbay",
    "Somerset", "Dorset", "Wiltshire", "Swindon", "Gloucestershire", "Oxfordshire",
    "Buckinghamshire", "Hertfordshire", "Bedford", "Luton", "Suffolk", "Norfolk", "Essex",
    "Southend", "Thurrock", "Kent", "Medway", "Surrey", "West Sussex", "East Sussex",
    "Brighton and Hove", "Hampshire", "Portsmouth", "Southampton", "Isle of Wight",
)  # fmt: skip
BOARD_KINDS = (
    "Health and Wellbeing Board", "Integrated Care Partnership", "Adults and Health Scrutiny",
    "Children and Families Committee", "Safeguarding Adults Board", "Schools Forum",
    "Audit and Governance Committee", "Planning Committee", "Police and Crime Panel",
    "Corporate Parenting Board",
)  # fmt: skip
FIRST_NAMES = (
    "Diane", "Katherine", "Mark", "Siobhan", "Gavin", "Tony", "Lyn", "Morag", "Emma", "James",
    "Sarah", "David", "Helen", "Paul", "Rachel", "Andrew", "Claire", "Simon", "Louise", "Peter",
    "Joanne", "Richard", "Nicola", "Stephen", "Karen", "Michael", "Julie", "Ian", "Amanda",
    "Neil", "Deborah", "Gary", "Alison", "Martin", "Fiona", "Graham", "Samantha", "Kevin",
    "Lisa", "Robert", "Priya", "Imran", "Aisha", "Tariq", "Mei", "Olu", "Chidi", "Anita",
    "Rajesh", "Sunita", "Bernard", "Margaret", "Colin", "Janet", "Derek", "Pauline", "Trevor",
    "Wendy", "Malcolm", "Yvonne", "Keith", "Brenda", "Roger", "Gillian", "Nigel", "Sheila",
    "Hugh", "Rosemary", "Oliver", "Charlotte", "Harry", "Sophie", "Thomas", "Hannah", "Daniel",
    "Megan", "Luke", "Bethany", "Adam", "Zara",
)  # fmt: skip
SURNAMES = (
    "Ellison", "Willison", "Andrews", "Gorman", "Drummond", "Mathias", "Harte", "Tyler",
    "Clifton", "Hoult", "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson",
    "Davies", "Robinson", "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green",
    "Hall", "Wood", "Jackson", "Clarke", "Patel", "Khan", "Lewis", "James", "Phillips", "Mason",
    "Mitchell", "Rose", "Davis", "Rodriguez", "Cox", "Alexander", "Morgan", "Moore", "Martin",
    "Price", "Bell", "Baker", "Griffiths", "Parker", "Simpson", "Watson", "Edwards", "Hughes",
    "Ahmed", "Ali", "Begum", "Hussain", "Shah", "Singh", "Kaur", "Chen", "Nguyen", "Okafor",
    "Adeyemi", "Mensah", "Kowalski", "Novak", "O'Brien", "Murphy", "Kelly", "Byrne", "McDonald",
    "Campbell", "Stewart", "Fraser", "Reid", "Henderson", "Ross", "Fletcher", "Holmes",
    "Barker", "Fisher", "Spencer", "Lawrence", "Chapman", "Webb", "Marshall", "Owen", "Harris",
    "Lloyd", "Knight", "Pearson", "Barnes", "Cooper", "Ward", "Turner", "Hill", "Carter",
    "Foster", "Gibson", "Elliott", "Hunt", "Palmer", "Mills", "Stevens", "Dixon", "Lane",
    "Burton", "Dawson", "Hart", "Payne", "Saunders", "Wells", "Hamilton", "Grant", "Ferguson",
    "Kennedy", "Warren", "Porter", "Sutton", "Hayes", "Glover", "Francis", "Dunn", "Booth",
)  # fmt: skip
OFFICER_TITLES = (
    "Director of Public Health", "Strategic Director for People", "Chief Executive",
    "Director of Adult Social Care", "Director of Children's Services", "Head of Commissioning",
    "Integrated Care Board Place Lead", "Healthwatch Manager", "Chief Inspector",
    "Head of Finance", "Monitoring Officer", "Consultant in Public Health",
)  # fmt: skip
SUBJECTS = (
    "Better Care Fund", "Joint Strategic Needs Assessment", "Mental Health Transformation",
    "Children's Safeguarding", "Public Health", "Pharmaceutical Needs Assessment",
    "Adult Social Care", "Housing Strategy", "Air Quality", "Suicide Prevention",
    "Healthy Weight", "Drug and Alcohol", "Dementia", "Carers", "Special Educational Needs",
    "Domestic Abuse", "Health Inequalities", "Digital Inclusion", "Primary Care Access",
    "Winter Pressures", "Urgent and Emergency Care", "Community Safety", "Active Travel",
    "Library Services", "Highways Maintenance", "Capital Programme", "Revenue Budget",
    "Treasury Management", "Internal Audit", "Corporate Risk Register", "Workforce",
    "Climate Emergency", "Flood Risk", "Local Plan", "Neighbourhood Plan", "Social Prescribing",
    "Tobacco Control", "Sexual Health", "Immunisation", "Oral Health", "Falls Prevention",
    "Learning Disability", "Autism", "Homelessness", "Fuel Poverty", "Loneliness",
    "Physical Activity", "School Readiness", "Youth Justice", "Integrated Care Strategy",
    "Hospital Discharge", "Care Home Quality", "Maternity Services", "Children in Care",
    "Armed Forces Covenant", "Healthwatch", "Cost of Living", "Community Wellbeing",
)  # fmt: skip
KINDS = (
    "Update", "Annual Report", "Quarterly Report", "Plan", "Strategy", "Performance Report",
    "Delivery Plan", "Action Plan", "Refresh", "Review", "Consultation Response",
    "Progress Report", "Outcomes Framework", "Dashboard", "Business Case", "Monitoring Report",
    "Position Statement", "Priorities", "Evaluation", "Self-Assessment",
)  # fmt: skip
QUALIFIERS = (
    "", "", "", "", " {y}/{z}", " Q{q} {y}/{z}", ": Progress and Next Steps",
    ": Recommendations", " (Part 1)", ": Year End",
)  # fmt: skip
OPENERS = (
    "Welcome and Apologies for Absence",
    "Declarations of Interest",
    "Minutes of the Previous Meeting",
    "Action Log and Matters Arising",
)
CLOSERS = ("Any Other Business", "Date of Next Meeting")
PURPOSES = ("decision", "information", "discussion", "approval", "assurance", "noting", "review")
PLACES_TO_MEET = (
    "Council Chamber, {place} County Hall", "Committee Room 1, {place} Town Hall",
    "Oakham Room, {place} Civic Centre", "The Council Offices, {place}", "Virtual meeting",
)  # fmt: skip
ACTION_VERBS = (
    "circulate", "provide an update on", "share the data behind", "bring a report on",
    "write to the ICB about", "arrange a workshop on", "confirm the timetable for",
    "review the risks in", "publish", "consult partners on",
)  # fmt: skip
OUTSIDE_OWNERS = ("Public Health Team", "Democratic Services", "Integrated Care Board", None)
OUTCOMES = ("NOTED", "APPROVED", "AGREED", "NOTED,APPROVED", "NOTED,AGREED")
AFTERNOON = ((13, 0), (13, 30), (14, 0), (14, 0), (14, 30), (15, 0), (16, 0), (17, 0))


# -- how values are stored ---------------------------------------------------------------------


def sql_datetime(moment: datetime) -> str:
    """How ``UTCDateTime`` stores an aware datetime on SQLite: naive UTC text, microseconds."""
    utc = moment.astimezone(UTC)
    return f"{utc:%Y-%m-%d %H:%M:%S}.{utc.microsecond:06d}"


def sql_date(day: date) -> str:
    return day.isoformat()


def sqlite_url(path: Path) -> str:
    return f"sqlite+aiosqlite:///{path}"


# -- what was generated ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Shape:
    boards: int = 200
    years: int = 10
    seed: int = DEFAULT_SEED

    @property
    def now(self) -> datetime:
        """Mid-way through the eighth year of ten (70% of the span): history and a future."""
        year = FIRST_YEAR + min(self.years - 1, int(self.years * 0.7))
        return datetime(year, 6, 18, 10, 0, tzinfo=UTC)  # a Wednesday morning in 2025


@dataclass(frozen=True, slots=True)
class LinkedUser:
    """A person linked to a Telegram account: who the benchmark plays."""

    telegram_id: int
    person_id: int
    first_name: str
    last_name: str
    board_ids: tuple[int, ...]
    is_clerk: bool


@dataclass
class BigDb:
    path: Path
    shape: Shape
    now: datetime
    users: list[LinkedUser]
    seconds: float
    rows: dict[str, int] = field(default_factory=dict)
    sample_meetings: list[tuple[int, datetime]] = field(default_factory=list)

    @property
    def url(self) -> str:
        return sqlite_url(self.path)


@dataclass(slots=True)
class _Person:
    id: int
    first: str
    last: str
    honorific: str | None
    boards: list[int] = field(default_factory=list)

    @property
    def full_name(self) -> str:
        return f"{self.first} {self.last}"

    def aliases(self) -> list[str]:
        names = [self.full_name, f"{self.first[0]} {self.last}"]
        if self.honorific is not None:
            names += [f"{self.honorific} {self.last}", f"{self.honorific} {self.full_name}"]
        return names


@dataclass(slots=True)
class _Rows:
    """Every table's rows, as tuples in column order (ids included)."""

    board: list[tuple[Any, ...]] = field(default_factory=list)
    person: list[tuple[Any, ...]] = field(default_factory=list)
    person_alias: list[tuple[Any, ...]] = field(default_factory=list)
    membership: list[tuple[Any, ...]] = field(default_factory=list)
    meeting: list[tuple[Any, ...]] = field(default_factory=list)
    agenda_item: list[tuple[Any, ...]] = field(default_factory=list)
    action: list[tuple[Any, ...]] = field(default_factory=list)
    decision: list[tuple[Any, ...]] = field(default_factory=list)


_COLUMNS: dict[str, tuple[str, ...]] = {
    "board": ("id", "name", "slug", "organisation", "timezone", "created_at_utc"),
    "person": ("id", "full_name", "email", "telegram_user_id", "created_at_utc"),
    "person_alias": ("id", "person_id", "alias", "alias_key"),
    "membership": ("id", "board_id", "person_id", "role", "title"),
    "meeting": (
        "id", "board_id", "starts_at_utc", "ends_at_utc", "location", "remote_link", "status",
        "ics_sequence", "source", "created_at_utc", "updated_at_utc",
    ),
    "agenda_item": (
        "id", "meeting_id", "position", "number", "title", "presenter", "presenter_role",
        "report_number", "pages_first", "pages_last", "duration_minutes", "purpose", "exempt",
    ),
    "action": (
        "id", "board_id", "meeting_id", "ref", "description", "owner_id", "owner_name", "due_on",
        "status", "created_at_utc", "updated_at_utc",
    ),
    "decision": ("id", "board_id", "meeting_id", "item", "outcomes", "text"),
}  # fmt: skip


# -- generation ----------------------------------------------------------------------------------


class _Generator:
    def __init__(self, shape: Shape) -> None:
        self.shape = shape
        self.rng = random.Random(shape.seed)
        self.now = shape.now
        self.rows = _Rows()
        self.people: list[_Person] = []
        self.board_people: dict[int, list[_Person]] = {}
        self.clerks: set[tuple[int, int]] = set()  # (board_id, person_id)
        self.places: dict[int, str] = {}
        self.presenters: list[_Person] = []
        self.sample_meetings: list[tuple[int, datetime]] = []
        self.names = [(first, last) for first in FIRST_NAMES for last in SURNAMES]
        self.rng.shuffle(self.names)

    def run(self) -> list[LinkedUser]:
        self._boards()
        self._memberships()
        self._people()
        users = self._link()
        self._meetings()
        return users

    def _boards(self) -> None:
        names = [(place, kind) for place in PLACES for kind in BOARD_KINDS]
        self.rng.shuffle(names)
        created = sql_datetime(datetime(FIRST_YEAR - 1, 12, 1, 9, tzinfo=UTC))
        for index in range(self.shape.boards):
            place, kind = names[index % len(names)]
            name = f"{place} {kind}"
            if index >= len(names):  # more boards than names
                name += f" ({index // len(names) + 1})"
            board_id = index + 1
            self.places[board_id] = place
            organisation = f"{place} County Council"
            self.rows.board.append(
                (board_id, name, slugify(name), organisation, LONDON.key, created)
            )

    def _new_person(self) -> _Person:
        index = len(self.people)
        first, last = self.names[index % len(self.names)]
        if index >= len(self.names):  # more people than names: add a middle initial
            first = f"{first} {chr(ord('A') + index // len(self.names) % 26)}."
        roll = self.rng.random()
        honorific = "Councillor" if roll < 0.3 else "Dr" if roll < 0.42 else None
        person = _Person(index + 1, first, last, honorific)
        self.people.append(person)
        return person

    def _memberships(self) -> None:
        seated: list[_Person] = []
        membership_id = 0

        def take(board_id: int) -> _Person:
            if seated and self.rng.random() < SHARED_SEAT:
                for _ in range(20):
                    person = self.rng.choice(seated)
                    if len(person.boards) < MAX_BOARDS_EACH and board_id not in person.boards:
                        return person
            person = self._new_person()
            seated.append(person)
            return person

        for board_id in range(1, self.shape.boards + 1):
            seats = self.rng.randint(19, 29)
            officers = self.rng.randint(3, 6)
            roles = ["chair", "vice-chair"] + ["officer"] * officers
            roles += ["member"] * (seats - len(roles)) + ["clerk"]
            people: list[_Person] = []
            for role in roles:
                person = take(board_id)
                person.boards.append(board_id)
                people.append(person)
                title = self.rng.choice(OFFICER_TITLES) if role == "officer" else None
                membership_id += 1
                self.rows.membership.append((membership_id, board_id, person.id, role, title))
                if role == "clerk":
                    self.clerks.add((board_id, person.id))
            self.board_people[board_id] = people
        # People on no board: officers and partners who only present items.
        extra = max(PEOPLE_PER_BOARD * self.shape.boards - len(self.people), self.shape.boards)
        self.presenters = [self._new_person() for _ in range(extra)]

    def _people(self) -> None:
        created = sql_datetime(datetime(FIRST_YEAR - 1, 12, 1, 9, tzinfo=UTC))
        alias_id = 0
        for person in self.people:
            local = name_key(person.last).replace(" ", "")
            email = f"{name_key(person.first).split()[0]}.{local}{person.id}@example.org"
            self.rows.person.append((person.id, person.full_name, email, None, created))
            seen: set[str] = set()
            for alias in person.aliases():
                key = name_key(alias)
                if key in seen:
                    continue
                seen.add(key)
                alias_id += 1
                self.rows.person_alias.append((alias_id, person.id, alias, key))

    def _link(self) -> list[LinkedUser]:
        members = [person for person in self.people if person.boards]
        count = min(len(members), round(LINKED_PER_BOARD * self.shape.boards))
        chosen = sorted(self.rng.sample(members, count), key=lambda person: person.id)
        users: list[LinkedUser] = []
        telegram_ids: dict[int, int] = {}
        for index, person in enumerate(chosen):
            telegram_id = TELEGRAM_ID_BASE + index * 7 + 1
            telegram_ids[person.id] = telegram_id
            users.append(
                LinkedUser(
                    telegram_id=telegram_id,
                    person_id=person.id,
                    first_name=person.first,
                    last_name=person.last,
                    board_ids=tuple(sorted(set(person.boards))),
                    is_clerk=any((board, person.id) in self.clerks for board in person.boards),
                )
            )
        self.rows.person = [
            (row[0], row[1], row[2], telegram_ids.get(row[0]), row[4]) for row in self.rows.person
        ]
        return users

    def _meeting_times(self, board_id: int) -> list[datetime]:
        times: list[datetime] = []
        months = [month for month in range(1, 13) if month != 8]  # no meetings in August
        for year in range(FIRST_YEAR, FIRST_YEAR + self.shape.years):
            for month in sorted(self.rng.sample(months, self.rng.randint(9, 11))):
                while True:
                    day = date(year, month, self.rng.randint(1, 28))
                    if day.weekday() < 5:
                        break
                hour, minute = self.rng.choice(AFTERNOON)
                local = datetime(year, month, day.day, hour, minute, tzinfo=LONDON)
                times.append(local.astimezone(UTC))
        return times

    def _meetings(self) -> None:
        # Meetings get ids in date order across boards, as imports arrive over the years.
        planned = sorted(
            (starts, board_id)
            for board_id in range(1, self.shape.boards + 1)
            for starts in self._meeting_times(board_id)
        )
        counters = _Counters()
        for meeting_id, (starts, board_id) in enumerate(planned, start=1):
            self._meeting(meeting_id, board_id, starts, counters)

    def _meeting(self, meeting_id: int, board_id: int, starts: datetime, ids: _Counters) -> None:
        rng = self.rng
        cancelled = rng.random() < CANCELLED_RATE
        place = self.places[board_id]
        location = rng.choice(PLACES_TO_MEET).format(place=place)
        remote = (
            f"https://teams.example.org/l/meetup-join/{board_id}-{meeting_id}"
            if rng.random() < 0.6
            else None
        )
        published = sql_datetime(starts - timedelta(days=10))
        self.rows.meeting.append(
            (
                meeting_id,
                board_id,
                sql_datetime(starts),
                sql_datetime(starts + timedelta(hours=2)),
                location,
                remote,
                "cancelled" if cancelled else "scheduled",
                1 if rng.random() < 0.05 else 0,
                SOURCE,
                published,
                published,
            )
        )
        if len(self.sample_meetings) < 50 and rng.random() < 0.01:
            self.sample_meetings.append((meeting_id, starts))
        titles = self._agenda(meeting_id, board_id, starts, ids)
        if starts < self.now and not cancelled:
            self._actions(meeting_id, board_id, starts, titles, ids)
            self._decisions(meeting_id, board_id, titles, ids)

    def _title(self, starts: datetime) -> str:
        rng = self.rng
        year = starts.year if starts.month >= 4 else starts.year - 1
        qualifier = rng.choice(QUALIFIERS).format(
            y=year, z=f"{(year + 1) % 100:02d}", q=rng.randint(1, 4)
        )
        return f"{rng.choice(SUBJECTS)} {rng.choice(KINDS)}{qualifier}"

    def _agenda(
        self, meeting_id: int, board_id: int, starts: datetime, ids: _Counters
    ) -> list[tuple[str, str]]:
        """Insert the meeting's items; return (number, title) of the topical ones."""
        rng = self.rng
        people = self.board_people[board_id]
        count = rng.randint(10, 20)
        topical_count = max(1, count - len(OPENERS) - len(CLOSERS))
        titles = [
            *OPENERS,
            *(self._title(starts) for _ in range(topical_count)),
            *CLOSERS,
        ]
        topical: list[tuple[str, str]] = []
        main, letter, page = 0, 0, 1
        for position, title in enumerate(titles, start=1):
            is_topical = len(OPENERS) < position <= len(OPENERS) + topical_count
            if is_topical and letter and rng.random() < 0.5:
                letter += 1
                number = f"{main}{chr(ord('A') + letter - 1)}"
            elif is_topical and rng.random() < 0.08:
                main, letter = main + 1, 1
                number = f"{main}A"
            else:
                main, letter = main + 1, 0
                number = str(main)
            presenter = role = report = purpose = None
            first = last = duration = None
            exempt = 0
            if is_topical:
                topical.append((number, title))
                if rng.random() < 0.6:
                    who = rng.choice(people) if rng.random() < 0.8 else rng.choice(self.presenters)
                    presenter = who.full_name
                    role = rng.choice(OFFICER_TITLES) if rng.random() < 0.7 else None
                if rng.random() < 0.4:
                    report = f"{rng.randint(1, 250)}/{starts.year}"
                if rng.random() < 0.5:
                    first, last = page, page + rng.randint(0, 30)
                    page = last + 1
                if rng.random() < 0.6:
                    duration = rng.choice((5, 10, 15, 20, 30))
                if rng.random() < 0.7:
                    purpose = rng.choice(PURPOSES)
                exempt = int(rng.random() < EXEMPT_RATE / (topical_count / count))
            self.rows.agenda_item.append(
                (
                    ids.next("agenda_item"),
                    meeting_id,
                    position,
                    number,
                    title,
                    presenter,
                    role,
                    report,
                    first,
                    last,
                    duration,
                    purpose,
                    exempt,
                )
            )
        return topical

    def _actions(
        self,
        meeting_id: int,
        board_id: int,
        starts: datetime,
        titles: Sequence[tuple[str, str]],
        ids: _Counters,
    ) -> None:
        rng = self.rng
        people = self.board_people[board_id]
        age = self.now - starts
        for ref in range(1, rng.randint(1, 6) + 1):
            _, title = rng.choice(titles)
            owner: _Person | None = rng.choice(people) if rng.random() < 0.9 else None
            owner_name = owner.full_name if owner else rng.choice(OUTSIDE_OWNERS)
            doer = owner.first if owner else "Officers"
            description = f"{doer} to {rng.choice(ACTION_VERBS)} the {title}."
            due = starts.date() + timedelta(weeks=rng.randint(4, 16))
            due_on = due if rng.random() < 0.9 else None
            roll = rng.random()
            if age > timedelta(days=365):
                status = "done" if roll < 0.9 else "carried-forward" if roll < 0.94 else "open"
            elif age > timedelta(days=90):
                status = "done" if roll < 0.6 else "carried-forward" if roll < 0.8 else "open"
            else:
                status = "open" if roll < 0.6 else "carried-forward" if roll < 0.75 else "done"
            created = starts + timedelta(days=2)
            updated = min(datetime.combine(due, starts.timetz()), self.now - timedelta(days=1))
            self.rows.action.append(
                (
                    ids.next("action"),
                    board_id,
                    meeting_id,
                    str(ref),
                    description,
                    owner.id if owner else None,
                    owner_name,
                    sql_date(due_on) if due_on else None,
                    status,
                    sql_datetime(created),
                    sql_datetime(updated if status == "done" else created),
                )
            )

    def _decisions(
        self, meeting_id: int, board_id: int, titles: Sequence[tuple[str, str]], ids: _Counters
    ) -> None:
        rng = self.rng
        for number, title in rng.sample(list(titles), min(len(titles), rng.randint(1, 5))):
            outcomes = rng.choice(OUTCOMES)
            verb = {"NOTED": "noted", "APPROVED": "approved", "AGREED": "agreed"}
            words = " and ".join(verb[part] for part in outcomes.split(","))
            text = f"RESOLVED that the {title} be {words}."
            self.rows.decision.append(
                (ids.next("decision"), board_id, meeting_id, number, outcomes, text)
            )


class _Counters:
    def __init__(self) -> None:
        self._last: dict[str, int] = {}

    def next(self, table: str) -> int:
        self._last[table] = self._last.get(table, 0) + 1
        return self._last[table]


def _insert(connection: sqlite3.Connection, table: str, rows: Iterable[tuple[Any, ...]]) -> None:
    columns = _COLUMNS[table]
    names = ", ".join(f'"{name}"' for name in columns)
    marks = ", ".join("?" for _ in columns)
    connection.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', rows)


def row_counts(path: Path) -> dict[str, int]:
    """Rows per table (Alembic's bookkeeping table and the search indexes left out)."""
    with sqlite3.connect(path) as connection:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' AND name != 'alembic_version' ORDER BY name"
            )
            if not is_search_index(name)
        ]
        counts = {
            table: int(connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0])
            for table in tables
        }
    connection.close()
    return counts


def fill(path: Path, shape: Shape) -> tuple[list[LinkedUser], list[tuple[int, datetime]]]:
    """Generate the rows and insert them into the (empty, upgraded) database at ``path``.

    Returns the linked users and a few (meeting id, start) pairs to check round trips with.
    """
    generator = _Generator(shape)
    users = generator.run()
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("PRAGMA synchronous=OFF")
        connection.execute("BEGIN IMMEDIATE")
        for table in _COLUMNS:
            _insert(connection, table, getattr(generator.rows, table))
        connection.execute("COMMIT")
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()
    return users, generator.sample_meetings


async def upgrade(path: Path) -> None:
    """Create the schema at head with Alembic, as ``quorum db upgrade`` does."""
    db = Database(sqlite_url(path))
    try:
        await db.upgrade()
    finally:
        await db.dispose()


async def merge_indexes(path: Path) -> None:
    """Merge the search indexes' segments, as the running bot does hourly: the bulk load leaves
    them in dozens, which no database in use keeps for long."""
    db = Database(sqlite_url(path))
    try:
        await merge_search_indexes(db, steps=10_000)
    finally:
        await db.dispose()


async def verify_round_trip(path: Path, samples: Sequence[tuple[int, datetime]]) -> None:
    """Check the generated rows read back through the ORM as the times they were made from,
    and that the ORM writes a time as the same text the generator wrote.

    Raises:
        AssertionError: the stored form differs from what the ORM reads or writes.
    """
    db = Database(sqlite_url(path))
    try:
        async with db.read() as session:
            ids = [meeting_id for meeting_id, _ in samples]
            stored = {
                meeting.id: meeting.starts_at_utc
                for meeting in (
                    await session.exec(select(Meeting).where(col(Meeting.id).in_(ids)))
                ).all()
            }
            for meeting_id, starts in samples:
                read = stored.get(meeting_id)
                if read != starts or read is None or read.tzinfo is None:
                    raise AssertionError(f"meeting {meeting_id}: stored {starts}, read {read}")
            item = (await session.exec(select(AgendaItem).limit(1))).first()
            if item is None or not isinstance(item.exempt, bool):
                raise AssertionError(f"agenda_item.exempt does not read back as a bool: {item}")
        # The ORM's own write, in a transaction that is rolled back.
        async with db.read() as session:
            probe = datetime(2024, 3, 31, 0, 30, 15, 123456, tzinfo=LONDON)  # BST starts
            meeting = Meeting(board_id=1, starts_at_utc=probe, source=SOURCE)
            session.add(meeting)
            await session.flush()
            connection = await session.connection()
            raw: object = (
                await connection.execute(
                    text("SELECT starts_at_utc FROM meeting WHERE id = :id"), {"id": meeting.id}
                )
            ).scalar_one()
            if raw != sql_datetime(probe):
                raise AssertionError(
                    f"the ORM writes {raw!r}, the generator {sql_datetime(probe)!r}"
                )
            await session.rollback()
    finally:
        await db.dispose()


async def create(path: Path, shape: Shape) -> BigDb:
    """An upgraded database at ``path`` (which must not exist) filled with ``shape``'s rows."""
    started = time.perf_counter()
    await upgrade(path)
    users, samples = await asyncio.to_thread(fill, path, shape)
    await merge_indexes(path)
    seconds = time.perf_counter() - started
    await verify_round_trip(path, samples)
    return BigDb(
        path=path,
        shape=shape,
        now=shape.now,
        users=users,
        seconds=seconds,
        rows=await asyncio.to_thread(row_counts, path),
        sample_meetings=list(samples),
    )
