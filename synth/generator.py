"""Seeded synthetic multi-agency data: the same people recorded differently by each agency.

``generate(out, agencies, people, seed)`` writes, per agency, files in the formats the
loaders read (round robin: a city PD incident CSV with projected coordinates, a sheriff's
N-DEx XML, a gang unit's field-interview intelligence CSV), a manifest saying how to load
each file, and ``truth.csv``: which source person record is which real person. Agencies
vary names (typos, nicknames), swap day and month of birth, lose birth dates, see people at
older or newer addresses and phones. Everything streams: memory holds the people, not the
records.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from loaders import normalize as nz

GIVEN = [
    "James",
    "John",
    "Robert",
    "Michael",
    "William",
    "David",
    "Richard",
    "Joseph",
    "Thomas",
    "Charles",
    "Christopher",
    "Daniel",
    "Matthew",
    "Anthony",
    "Mark",
    "Donald",
    "Steven",
    "Paul",
    "Andrew",
    "Joshua",
    "Kenneth",
    "Kevin",
    "Brian",
    "George",
    "Timothy",
    "Ronald",
    "Edward",
    "Jason",
    "Jeffrey",
    "Ryan",
    "Jacob",
    "Gary",
    "Nicholas",
    "Eric",
    "Jonathan",
    "Stephen",
    "Larry",
    "Justin",
    "Scott",
    "Brandon",
    "Benjamin",
    "Samuel",
    "Gregory",
    "Alexander",
    "Patrick",
    "Frank",
    "Raymond",
    "Jack",
    "Dennis",
    "Jerry",
    "Tyler",
    "Aaron",
    "Jose",
    "Adam",
    "Nathan",
    "Henry",
    "Zachary",
    "Douglas",
    "Peter",
    "Kyle",
    "Noah",
    "Ethan",
    "Jeremy",
    "Carlos",
    "Luis",
    "Miguel",
    "Juan",
    "Marcus",
    "Andre",
    "Darnell",
    "Tyrone",
    "Malik",
    "Jamal",
    "Mary",
    "Patricia",
    "Jennifer",
    "Linda",
    "Elizabeth",
    "Barbara",
    "Susan",
    "Jessica",
    "Sarah",
    "Karen",
    "Lisa",
    "Nancy",
    "Betty",
    "Sandra",
    "Margaret",
    "Ashley",
    "Kimberly",
    "Emily",
    "Donna",
    "Michelle",
    "Carol",
    "Amanda",
    "Melissa",
    "Deborah",
    "Stephanie",
    "Rebecca",
    "Sharon",
    "Laura",
    "Cynthia",
    "Dorothy",
    "Amy",
    "Kathleen",
    "Angela",
    "Shirley",
    "Brenda",
    "Emma",
    "Anna",
    "Pamela",
    "Nicole",
    "Samantha",
    "Katherine",
    "Christine",
    "Rachel",
    "Maria",
    "Rosa",
    "Keisha",
    "Tanisha",
    "Latoya",
]
FAMILY = [
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Garcia",
    "Miller",
    "Davis",
    "Rodriguez",
    "Martinez",
    "Hernandez",
    "Lopez",
    "Gonzalez",
    "Wilson",
    "Anderson",
    "Thomas",
    "Taylor",
    "Moore",
    "Jackson",
    "Martin",
    "Lee",
    "Perez",
    "Thompson",
    "White",
    "Harris",
    "Sanchez",
    "Clark",
    "Ramirez",
    "Lewis",
    "Robinson",
    "Walker",
    "Young",
    "Allen",
    "King",
    "Wright",
    "Scott",
    "Torres",
    "Nguyen",
    "Hill",
    "Flores",
    "Green",
    "Adams",
    "Nelson",
    "Baker",
    "Hall",
    "Rivera",
    "Campbell",
    "Mitchell",
    "Carter",
    "Roberts",
    "Gomez",
    "Phillips",
    "Evans",
    "Turner",
    "Diaz",
    "Parker",
    "Cruz",
    "Edwards",
    "Collins",
    "Reyes",
    "Stewart",
    "Morris",
    "Morales",
    "Murphy",
    "Cook",
    "Rogers",
    "Gutierrez",
    "Ortiz",
    "Morgan",
    "Cooper",
    "Peterson",
    "Bailey",
    "Reed",
    "Kelly",
    "Howard",
    "Ramos",
    "Kim",
    "Cox",
    "Ward",
    "Richardson",
    "Watson",
    "Brooks",
    "Chavez",
    "Wood",
    "James",
    "Bennett",
    "Gray",
    "Mendoza",
    "Ruiz",
    "Hughes",
    "Price",
    "Alvarez",
    "Castillo",
    "Sanders",
    "Patel",
    "Myers",
    "Long",
    "Ross",
    "Foster",
    "Jimenez",
    "Powell",
    "Jenkins",
    "Perry",
    "Russell",
    "Sullivan",
    "Bell",
    "Coleman",
    "Butler",
    "Henderson",
    "Barnes",
    "Gonzales",
    "Fisher",
    "Vasquez",
    "Simmons",
]
NICKNAMES = {
    "William": "Bill",
    "Robert": "Bob",
    "Richard": "Rick",
    "James": "Jim",
    "John": "Jack",
    "Michael": "Mike",
    "Joseph": "Joe",
    "Thomas": "Tom",
    "Charles": "Chuck",
    "Christopher": "Chris",
    "Daniel": "Danny",
    "Matthew": "Matt",
    "Anthony": "Tony",
    "Steven": "Steve",
    "Andrew": "Andy",
    "Kenneth": "Ken",
    "Timothy": "Tim",
    "Edward": "Eddie",
    "Jonathan": "Jon",
    "Nicholas": "Nick",
    "Samuel": "Sam",
    "Alexander": "Alex",
    "Patrick": "Pat",
    "Elizabeth": "Liz",
    "Jennifer": "Jen",
    "Margaret": "Peggy",
    "Katherine": "Kate",
    "Rebecca": "Becky",
    "Deborah": "Debbie",
    "Kimberly": "Kim",
    "Pamela": "Pam",
    "Samantha": "Sam",
}
MONIKERS = [
    "Lil Man",
    "Ghost",
    "Smoke",
    "Bishop",
    "Tiny",
    "Bear",
    "Slim",
    "Ace",
    "Blue",
    "Shorty",
    "Dre",
    "Loco",
    "Red",
    "Face",
    "Snoop",
    "Boogie",
    "Tank",
    "Flaco",
    "Chino",
    "Spider",
    "Kilo",
    "Money",
    "Scrap",
    "Nino",
]
STREETS = [
    "Atlantic Ave",
    "Fulton St",
    "Myrtle Ave",
    "Flatbush Ave",
    "Nostrand Ave",
    "Bedford Ave",
    "Broadway",
    "Linden Blvd",
    "Pitkin Ave",
    "Utica Ave",
    "Rockaway Ave",
    "Bushwick Ave",
    "Gates Ave",
    "Knickerbocker Ave",
    "Eastern Pkwy",
    "Church Ave",
    "Livonia Ave",
    "Sutter Ave",
    "Dumont Ave",
    "Stanley Ave",
]
GANGS = [
    "Linden Street Kings",
    "Pitkin Ave Crew",
    "Brownsville Bloods",
    "Eastside Trey Nine",
    "Fulton Boyz",
    "Myrtle Ave Mob",
    "Sutter Gunnaz",
    "Rockaway Hustlers",
]
DRUGS = (
    ("Crack Cocaine", "GM"),
    ("Cocaine (All forms except Crack)", "GM"),
    ("Heroin", "GM"),
    ("Marijuana", "OZ"),
    ("Amphetamines/Methamphetamines", "GM"),
    ("Other Narcotics", "DU"),
)
OFFENSES = (
    ("35A", "Drug/Narcotic Violations"),
    ("35B", "Drug Equipment Violations"),
    ("13A", "Aggravated Assault"),
    ("120", "Robbery"),
    ("520", "Weapon Law Violations"),
)
VEHICLES = (
    "HONDA ACCORD",
    "TOYOTA CAMRY",
    "NISSAN ALTIMA",
    "DODGE CHARGER",
    "BMW 328I",
    "JEEP CHEROKEE",
    "CHEVROLET IMPALA",
    "FORD F150",
)
AGENCIES = (
    ("MPD", "city police department", "incidents"),
    ("CSO", "county sheriff's office", "ndex"),
    ("GTF", "regional gang task force", "field_interviews"),
)
NS = (
    'xmlns:lexspd="http://usdoj.gov/leisp/lexs/publishdiscover/3.1" '
    'xmlns:lexs="http://usdoj.gov/leisp/lexs/3.1" xmlns:lexsdigest="http://usdoj.gov/leisp/lexs/digest/3.1" '
    'xmlns:lexslib="http://usdoj.gov/leisp/lexs/library/3.1" xmlns:nc="http://niem.gov/niem/niem-core/2.0" '
    'xmlns:j="http://niem.gov/niem/domains/jxdm/4.0" xmlns:s="http://niem.gov/niem/structures/2.0" '
    'xmlns:ndexia="http://fbi.gov/cjis/N-DEx/IncidentArrest/2.1"'
)


@dataclass
class Address:
    text: str
    x: float  # EPSG:2263 (NY State Plane Long Island, US feet)
    y: float
    lat: float
    lon: float


@dataclass
class Person:
    pid: int
    given: str
    family: str
    dob: dt.date | None
    sex: str
    addresses: list[Address]
    phones: list[str]
    plate: str | None
    vehicle: str | None
    moniker: str | None
    gang: str | None
    crew: int
    local_ids: dict[str, str] = field(default_factory=dict)


class Variation:
    """How one agency's clerk records a person: the variations real RMS data has."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def typo(self, s: str) -> str:
        if len(s) < 4 or self.rng.random() > 0.12:
            return s
        i = self.rng.randrange(1, len(s) - 1)
        op = self.rng.choice(("swap", "drop", "double", "vowel"))
        if op == "swap":
            return s[:i] + s[i + 1] + s[i] + s[i + 2 :]
        if op == "drop":
            return s[:i] + s[i + 1 :]
        if op == "double":
            return s[:i] + s[i] + s[i:]
        return s[:i] + self.rng.choice("aeiouy") + s[i + 1 :]

    def given(self, name: str) -> str:
        r = self.rng.random()
        if r < 0.10 and name in NICKNAMES:
            return NICKNAMES[name]
        if r < 0.13:
            return name[0]
        return self.typo(name)

    def dob(self, dob: dt.date | None) -> dt.date | None:
        if dob is None:
            return None
        r = self.rng.random()
        if r < 0.08:
            return None
        if r < 0.13 and dob.day <= 12 and dob.day != dob.month:
            return dob.replace(month=dob.day, day=dob.month)
        if r < 0.16:
            shifted = dob.replace(day=28) if (dob.month, dob.day) == (2, 29) else dob
            return shifted.replace(year=dob.year + self.rng.choice((-1, 1)))
        return dob

    def pick(self, items: list) -> object:  # type: ignore[type-arg]
        return items[0] if self.rng.random() < 0.7 else self.rng.choice(items)


def make_address(rng: random.Random) -> Address:
    x, y = rng.uniform(990_000, 1_020_000), rng.uniform(170_000, 200_000)
    lon, lat = nz._transformer("EPSG:2263").transform(x, y)
    text = f"{rng.randint(1, 2400)} {rng.choice(STREETS)}, Brooklyn NY"
    return Address(text, round(x, 1), round(y, 1), round(lat, 6), round(lon, 6))


def make_people(rng: random.Random, n: int) -> list[Person]:
    people = []
    crews = max(1, n // 6)
    for i in range(n):
        crew = rng.randrange(crews)
        gang = GANGS[crew % len(GANGS)] if crew % 3 != 2 else None
        born = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 45))
        people.append(
            Person(
                pid=i,
                given=rng.choice(GIVEN),
                family=rng.choice(FAMILY),
                dob=born if rng.random() > 0.03 else None,
                sex=rng.choice("MMMF"),
                addresses=[make_address(rng) for _ in range(rng.choice((1, 1, 2, 3)))],
                phones=[
                    f"+1718{rng.randint(2000000, 9999999)}" for _ in range(rng.choice((1, 1, 2)))
                ],
                plate=f"{rng.choice('ABCDEFGHJKLMNPRSTUVWXYZ')}{rng.choice('ABCDEFGHJKLMNPRSTUVWXYZ')}"
                f"{rng.choice('ABCDEFGHJKLMNPRSTUVWXYZ')}{rng.randint(1000, 9999)}"
                if rng.random() < 0.4
                else None,
                vehicle=rng.choice(VEHICLES),
                moniker=rng.choice(MONIKERS) if gang and rng.random() < 0.6 else None,
                gang=gang,
                crew=crew,
            )
        )
    return people


class Truth:
    def __init__(self, path: Path) -> None:
        self.fh = path.open("w", newline="", encoding="utf-8")
        self.w = csv.writer(self.fh)
        self.w.writerow(("uid", "person_id", "agency", "format"))
        self.seen: set[str] = set()

    def add(self, uid: str, person: Person, agency: str, fmt: str) -> None:
        if uid not in self.seen:
            self.seen.add(uid)
            self.w.writerow((uid, person.pid, agency, fmt))

    def close(self) -> None:
        self.fh.close()


def crews_of(people: list[Person]) -> dict[int, list[Person]]:
    out: dict[int, list[Person]] = {}
    for p in people:
        out.setdefault(p.crew, []).append(p)
    return out


def incident_groups(rng: random.Random, people: list[Person], count: int) -> Iterator[list[Person]]:
    """Groups of 1-3 people from one crew who show up together in one record."""
    by_crew = crews_of(people)
    keys = list(by_crew)
    for _ in range(count):
        crew = by_crew[rng.choice(keys)]
        yield rng.sample(crew, min(len(crew), rng.choice((1, 1, 2, 2, 3))))


def write_incidents(
    out: Path, code: str, rng: random.Random, people: list[Person], count: int, truth: Truth
) -> int:
    var = Variation(rng)
    cols = (
        "incident_no",
        "reported_at",
        "offense_code",
        "offense_desc",
        "narrative",
        "address",
        "x",
        "y",
        "person_id",
        "first_name",
        "last_name",
        "dob",
        "moniker",
        "role",
        "drug_type",
        "drug_qty",
        "drug_unit",
        "plate",
        "vehicle",
        "phone",
    )
    rows = 0
    with out.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(cols)
        for n, group in enumerate(incident_groups(rng, people, count), start=1):
            inc = f"{code}-{2020 + n % 5}-{n:07d}"
            when = dt.datetime(2020, 1, 1) + dt.timedelta(
                minutes=rng.randrange(0, 60 * 24 * 365 * 5)
            )
            off_code, off = rng.choice(OFFENSES)
            place = var.pick(group[0].addresses) if rng.random() < 0.5 else make_address(rng)
            drug, unit = rng.choice(DRUGS) if off_code.startswith("35") else ("", "")
            qty = round(rng.uniform(0.5, 250), 1) if drug else ""
            narrative = (
                f"Officers observed {len(group)} subject(s) near {place.text}; "
                f"{off.lower()}" + (f", recovered {qty} {unit} of {drug.lower()}" if drug else "")
            )
            for i, p in enumerate(group):
                local = p.local_ids.setdefault(code, f"{code}P{p.pid:07d}")
                truth.add(f"{code}:rms:person:{local}", p, code, "incidents")
                dob = var.dob(p.dob)
                w.writerow(
                    (
                        inc,
                        when.strftime("%Y-%m-%d %H:%M"),
                        off_code,
                        off,
                        narrative,
                        place.text,
                        place.x,
                        place.y,
                        local,
                        var.given(p.given),
                        var.typo(p.family),
                        dob.isoformat() if dob else "",
                        p.moniker if rng.random() < 0.3 else "",
                        "suspect" if i == 0 or rng.random() < 0.7 else "witness",
                        drug,
                        qty,
                        unit,
                        p.plate if p.plate and rng.random() < 0.5 else "",
                        p.vehicle if p.plate else "",
                        var.pick(p.phones) if rng.random() < 0.6 else "",
                    )
                )
                rows += 1
    return rows


def write_field_interviews(
    out: Path, code: str, rng: random.Random, people: list[Person], count: int, truth: Truth
) -> int:
    var = Variation(rng)
    cols = (
        "fi_id",
        "contact_date",
        "officer",
        "person_id",
        "first_name",
        "last_name",
        "dob",
        "moniker",
        "gang",
        "gang_role",
        "address",
        "lat",
        "lon",
        "phone",
        "plate",
        "criminal_predicate",
    )
    members = [p for p in people if p.gang] or people
    rows = 0
    with out.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(cols)
        for n in range(1, count + 1):
            p = rng.choice(members)
            local = p.local_ids.setdefault(code, f"{code}S{p.pid:07d}")
            truth.add(f"{code}:rms:person:{local}", p, code, "field_interviews")
            day = dt.date(2020, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 6))
            addr = var.pick(p.addresses)
            dob = var.dob(p.dob)
            gang = p.gang or ""
            w.writerow(
                (
                    f"{code}-FI-{n:08d}",
                    day.isoformat(),
                    f"Det. {rng.choice(FAMILY)} #{rng.randint(100, 999)}",
                    local,
                    var.given(p.given),
                    var.typo(p.family),
                    dob.strftime("%m/%d/%Y") if dob else "",
                    p.moniker or "",
                    gang,
                    rng.choice(("member", "member", "associate", "leader")) if gang else "",
                    addr.text,
                    addr.lat,
                    addr.lon,
                    var.pick(p.phones) if rng.random() < 0.5 else "",
                    p.plate if p.plate and rng.random() < 0.4 else "",
                    f"Self-admitted member during stop for {rng.choice(OFFENSES)[1].lower()}"
                    if gang
                    else "Observed with documented members during narcotics sale",
                )
            )
            rows += 1
    return rows


def _x(s: object) -> str:
    return escape(str(s))


def write_ndex(
    out: Path,
    code: str,
    ori: str,
    rng: random.Random,
    people: list[Person],
    count: int,
    truth: Truth,
) -> int:
    var = Variation(rng)
    packages = 0
    with out.open("w", encoding="utf-8") as fh:
        fh.write(
            f'<?xml version="1.0" encoding="UTF-8"?>\n<lexspd:doPublish {NS}>\n<lexs:PublishMessageContainer>\n'
        )
        for n, group in enumerate(incident_groups(rng, people, count), start=1):
            inc = f"{code}{2020 + n % 5}{n:08d}"
            when = dt.datetime(2020, 1, 1) + dt.timedelta(
                minutes=rng.randrange(0, 60 * 24 * 365 * 5)
            )
            off_code, off = rng.choice(OFFENSES)
            place = make_address(rng)
            ent, assoc = (
                [],
                [
                    '<lexsdigest:IncidentLocationAssociation><nc:ActivityReference s:ref="INC"/>'
                    '<nc:LocationReference s:ref="L0"/></lexsdigest:IncidentLocationAssociation>'
                ],
            )
            ent.append(
                f'<lexsdigest:EntityActivity><nc:Activity s:id="INC"><nc:ActivityIdentification>'
                f"<nc:IdentificationID>{inc}</nc:IdentificationID></nc:ActivityIdentification>"
                f"<nc:ActivityCategoryText>Incident</nc:ActivityCategoryText><nc:ActivityDate><nc:DateTime>"
                f"{when.isoformat()}</nc:DateTime></nc:ActivityDate><nc:ActivityDescriptionText>"
                f"{_x(off)} involving {len(group)} subject(s)</nc:ActivityDescriptionText></nc:Activity>"
                f"</lexsdigest:EntityActivity>"
            )
            ent.append(
                f'<lexsdigest:EntityLocation><nc:Location s:id="L0"><nc:LocationAddress><nc:AddressFullText>'
                f"{_x(place.text)}</nc:AddressFullText></nc:LocationAddress>"
                f"<nc:LocationTwoDimensionalGeographicCoordinate><nc:GeographicCoordinateLatitude>"
                f"<nc:LatitudeDegreeValue>{place.lat}</nc:LatitudeDegreeValue></nc:GeographicCoordinateLatitude>"
                f"<nc:GeographicCoordinateLongitude><nc:LongitudeDegreeValue>{place.lon}</nc:LongitudeDegreeValue>"
                f"</nc:GeographicCoordinateLongitude></nc:LocationTwoDimensionalGeographicCoordinate>"
                f"</nc:Location></lexsdigest:EntityLocation>"
            )
            payload = [
                f"<ndexia:Offense><ndexia:OffenseCode>{off_code}</ndexia:OffenseCode></ndexia:Offense>"
            ]
            arrested = rng.random() < 0.4
            if arrested:
                ent.append(
                    f'<lexsdigest:EntityActivity><nc:Activity s:id="ARR"><nc:ActivityIdentification>'
                    f"<nc:IdentificationID>A{inc}</nc:IdentificationID></nc:ActivityIdentification>"
                    f"<nc:ActivityCategoryText>Arrest</nc:ActivityCategoryText><nc:ActivityDate><nc:Date>"
                    f"{when.date().isoformat()}</nc:Date></nc:ActivityDate></nc:Activity></lexsdigest:EntityActivity>"
                )
                payload.append(
                    "<ndexia:Arrest><j:ArrestCategoryCode>T</j:ArrestCategoryCode><ndexia:ArrestAugmentation>"
                    '<lexslib:SameAsDigestReference lexslib:ref="ARR"/></ndexia:ArrestAugmentation></ndexia:Arrest>'
                )
            if off_code.startswith("35"):
                drug, unit = rng.choice(DRUGS)
                ent.append(
                    f'<lexsdigest:EntityDrug><nc:Drug s:id="D1"><nc:DrugCategoryText>{_x(drug)}'
                    f"</nc:DrugCategoryText></nc:Drug></lexsdigest:EntityDrug>"
                )
                payload.append(
                    f'<ndexia:Drug><ndexia:DrugAugmentation><lexslib:SameAsDigestReference lexslib:ref="D1"/>'
                    f"<ndexia:ItemQuantityStatusValue><nc:SubstanceQuantityMeasure><nc:MeasurePointValue>"
                    f"{round(rng.uniform(0.5, 250), 1)}</nc:MeasurePointValue><nc:SubstanceUnitCode>{unit}"
                    f"</nc:SubstanceUnitCode></nc:SubstanceQuantityMeasure></ndexia:ItemQuantityStatusValue>"
                    f"</ndexia:DrugAugmentation></ndexia:Drug>"
                )
            for i, p in enumerate(group):
                local = p.local_ids.setdefault(code, f"{p.pid:08d}")
                truth.add(f"{code}:ndex:person:{ori}-person-{local}", p, code, "ndex")
                dob = var.dob(p.dob)
                role = (
                    "ArrestSubject"
                    if arrested and i == 0
                    else rng.choice(("IncidentSubject", "IncidentSubject", "Victim", "Witness"))
                )
                ent.append(
                    f'<lexsdigest:EntityPerson><lexsdigest:Person s:id="P{i}">'
                    + (
                        f"<nc:PersonBirthDate><nc:Date>{dob.isoformat()}</nc:Date></nc:PersonBirthDate>"
                        if dob
                        else ""
                    )
                    + f"<nc:PersonName><nc:PersonGivenName>{_x(var.given(p.given))}</nc:PersonGivenName>"
                    f"<nc:PersonSurName>{_x(var.typo(p.family))}</nc:PersonSurName></nc:PersonName>"
                    f"<nc:PersonOtherIdentification><nc:IdentificationID>{local}</nc:IdentificationID>"
                    f"</nc:PersonOtherIdentification><nc:PersonSexCode>{p.sex}</nc:PersonSexCode>"
                    f'</lexsdigest:Person><j:{role} s:id="R{i}"><nc:RoleOfPersonReference s:ref="P{i}"/>'
                    f"</j:{role}></lexsdigest:EntityPerson>"
                )
                home = var.pick(p.addresses)
                ent.append(
                    f'<lexsdigest:EntityLocation><nc:Location s:id="H{i}"><nc:LocationAddress><nc:AddressFullText>'
                    f"{_x(home.text)}</nc:AddressFullText></nc:LocationAddress></nc:Location></lexsdigest:EntityLocation>"
                )
                assoc.append(
                    f'<lexsdigest:ResidenceAssociation><nc:PersonReference s:ref="P{i}"/>'
                    f'<nc:LocationReference s:ref="H{i}"/></lexsdigest:ResidenceAssociation>'
                )
                if rng.random() < 0.6:
                    ent.append(
                        f'<lexsdigest:EntityTelephoneNumber><nc:TelephoneNumber s:id="T{i}"><nc:FullTelephoneNumber>'
                        f"<nc:TelephoneNumberFullID>{var.pick(p.phones)}</nc:TelephoneNumberFullID>"
                        f"</nc:FullTelephoneNumber></nc:TelephoneNumber></lexsdigest:EntityTelephoneNumber>"
                    )
                    assoc.append(
                        f'<lexsdigest:PersonTelephoneNumberAssociation><nc:PersonReference s:ref="P{i}"/>'
                        f'<nc:TelephoneNumberReference s:ref="T{i}"/></lexsdigest:PersonTelephoneNumberAssociation>'
                    )
                if p.plate and rng.random() < 0.5:
                    make, model = (p.vehicle or "UNKNOWN UNKNOWN").split(" ", 1)
                    ent.append(
                        f'<lexsdigest:EntityVehicle><nc:Vehicle s:id="V{i}"><nc:ConveyanceRegistrationPlateIdentification>'
                        f"<nc:IdentificationID>{p.plate}</nc:IdentificationID></nc:ConveyanceRegistrationPlateIdentification>"
                        f"<nc:VehicleMakeCode>{make}</nc:VehicleMakeCode><nc:VehicleModelCode>{model}</nc:VehicleModelCode>"
                        f"</nc:Vehicle></lexsdigest:EntityVehicle>"
                    )
                    assoc.append(
                        f'<lexsdigest:PersonVehicleAssociation><nc:PersonReference s:ref="P{i}"/>'
                        f'<nc:VehicleReference s:ref="V{i}"/></lexsdigest:PersonVehicleAssociation>'
                    )
                if arrested and i == 0:
                    assoc.append(
                        '<lexsdigest:ArrestSubjectAssociation><nc:ActivityReference s:ref="ARR"/>'
                        '<nc:PersonReference s:ref="P0"/></lexsdigest:ArrestSubjectAssociation>'
                    )
            fh.write(
                f"<lexs:PublishMessage><lexs:DataItemPackage><lexs:PackageMetadata><lexs:DataOwnerMetadata>"
                f"<lexs:DataOwnerIdentifier><lexs:ORI>{ori}</lexs:ORI></lexs:DataOwnerIdentifier>"
                f"</lexs:DataOwnerMetadata></lexs:PackageMetadata><lexs:Digest>{''.join(ent)}"
                f"<lexsdigest:Associations>{''.join(assoc)}</lexsdigest:Associations></lexs:Digest>"
                f"<lexs:StructuredPayload><ndexia:IncidentReport>{''.join(payload)}</ndexia:IncidentReport>"
                f"</lexs:StructuredPayload></lexs:DataItemPackage></lexs:PublishMessage>\n"
            )
            packages += 1
        fh.write("</lexs:PublishMessageContainer>\n</lexspd:doPublish>\n")
    return packages


def generate(
    out: Path, agencies: int = 3, people: int = 1000, seed: int = 7, records_per_person: float = 1.0
) -> dict:
    """Write the data set; returns the manifest (also written to manifest.json)."""
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    crowd = make_people(rng, people)
    truth = Truth(out / "truth.csv")
    manifest: dict = {"seed": seed, "people": people, "agencies": [], "truth": "truth.csv"}
    per_agency = max(1, int(people * records_per_person))
    for a in range(agencies):
        code, label, fmt = AGENCIES[a % len(AGENCIES)]
        if a >= len(AGENCIES):
            code = f"{code}{a // len(AGENCIES) + 1}"
        arng = random.Random(f"{seed}-{code}")
        known = arng.sample(crowd, max(1, int(len(crowd) * arng.uniform(0.55, 0.8))))
        if fmt == "incidents":
            path = out / f"{code.lower()}_incidents.csv"
            n = write_incidents(path, code, arng, known, per_agency, truth)
            entry = {"format": "csv", "mapping": "incidents", "source_system": "rms"}
        elif fmt == "ndex":
            path = out / f"{code.lower()}_ndex.xml"
            n = write_ndex(path, code, f"NY{a + 1:03d}0000", arng, known, per_agency, truth)
            entry = {"format": "ndex", "source_system": "ndex"}
        else:
            path = out / f"{code.lower()}_field_interviews.csv"
            n = write_field_interviews(path, code, arng, known, per_agency, truth)
            entry = {"format": "csv", "mapping": "field_interviews", "source_system": "rms"}
        manifest["agencies"].append(
            {"agency": code, "name": label, "file": path.name, "records": n, **entry}
        )
    truth.close()
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest
