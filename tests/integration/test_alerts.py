"""Standing alerts against the real Neo4j and a real SMTP server on loopback (aiosmtpd):
only what a load wrote is evaluated, each new match is told exactly once however often the
load is replayed, the owner's reach at delivery decides, and the e-mail holds no content."""

from __future__ import annotations

import email
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from access import agencies, notices, sharing
from access.agencies import Agency
from access.appdb import AppDB
from access.users import add_user, get_user
from graph.db import Graph
from graph.model import SCHEMA_MIGRATION_LABEL
from settings import Settings
from watch import alerts, evaluate

PW = "amber-quarry-lantern-41"


class Inbox:
    """An SMTP handler that keeps every message it is given."""

    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(email.message_from_bytes(envelope.original_content or b""))
        return "250 OK"


@pytest.fixture
def smtp(free_port: Any) -> Iterator[tuple[Inbox, int]]:
    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


PERSON = (
    "CREATE (:Person {uid: $uid, name: $name, family_name: 'Reyes', agency: $agency,"
    " cluster_id: $cluster, load_id: $load, source_system: 'rms', source_record_id: $uid,"
    " record_class: 'incident', narrative: 'SECRET ' + $uid})"
)
LINKED = (
    "MATCH (p:Person {uid: $person}) CREATE (p)-[:INVOLVED_IN {agency: $agency, load_id: $load,"
    " source_system: 'rms', source_record_id: $uid, record_class: 'incident'}]->"
    "(:Incident {uid: $uid, incident_number: $uid, agency: $agency, load_id: $load,"
    " source_system: 'rms', source_record_id: $uid, record_class: 'incident',"
    " narrative: 'SECRET narrative'})"
)
PHONE_LINK = (
    "MATCH (p:Person {uid: $person}) MERGE (s:Phone {uid: 'phone:+15550101'})"
    " ON CREATE SET s.number = '+15550101', s.shared = true"
    " CREATE (p)-[:USES {agency: $agency, load_id: $load, source_system: 'rms',"
    " source_record_id: $person, record_class: 'incident'}]->(s)"
)
PLACE_LINK = (
    "MATCH (p:Person {uid: $person}) MERGE (l:Location {uid: 'location:1 main st'})"
    " ON CREATE SET l.address = '1 MAIN ST', l.shared = true,"
    " l.point = point({latitude: 40.0, longitude: -73.0})"
    " CREATE (p)-[:RESIDES_AT {agency: $agency, load_id: $load, source_system: 'rms',"
    " source_record_id: $person, record_class: 'incident'}]->(l)"
)


def person(g: Graph, uid: str, agency: str, load: str, cluster: str = "S-REYES") -> None:
    g.write(PERSON, {"uid": uid, "name": "Marco Reyes", "agency": agency, "cluster": cluster,
                     "load": load})  # fmt: skip


@pytest.fixture
def world(
    session_graph: Graph, neo4j_settings: Settings, tmp_path: Path, smtp: tuple[Inbox, int]
) -> tuple[Graph, AppDB, Settings, Inbox]:
    g = session_graph
    g.write(f"MATCH (n) WHERE NOT n:{SCHEMA_MIGRATION_LABEL} DETACH DELETE n")
    g.write("CREATE (:Load {uid: 'load:CPD', agency: 'CPD'}), (:Load {uid: 'load:CSO',"
            " agency: 'CSO'})")  # fmt: skip
    person(g, "CPD:p1", "CPD", "L1")
    g.write(LINKED, {"person": "CPD:p1", "uid": "CPD:i1", "agency": "CPD", "load": "L1"})
    db = AppDB(tmp_path / "app.db")
    for code in ("CPD", "CSO"):
        agencies.save(db, Agency(code, f"{code} name", "local"), None)
    add_user(db, "cara", PW, "analyst", ["CPD"])
    add_user(db, "cso-admin", PW, "admin", ["CSO"])
    settings = neo4j_settings.model_copy(
        update={"home": tmp_path, "smtp_host": "127.0.0.1", "smtp_port": smtp[1]}
    )
    return g, db, settings, smtp[0]


def test_only_new_matches_are_told_once_with_a_mail_that_holds_no_content(
    world: tuple[Graph, AppDB, Settings, Inbox],
) -> None:
    g, db, settings, mailbox = world
    cara = get_user(db, "cara")
    watch = alerts.add(db, cara, "Reyes", "subject", {"uid": "CPD:p1"}, "cara@cpd.example.gov")
    assert evaluate.baseline(db, g, watch) == 2  # the person and the incident already there
    phone = alerts.add(db, cara, "The phone", "identifier", {"uid": "phone:+15550101"})
    place = alerts.add(db, cara, "Main St", "place", {"lat": 40.0005, "lon": -73.0,
                                                      "radius_m": 100})  # fmt: skip
    for a in (phone, place):
        assert evaluate.baseline(db, g, a) == 0
    assert evaluate.evaluate(db, g, settings, "L1") == []  # nothing new in the first load

    # load L2: a second incident of the subject, a second CPD record of the same person, its
    # phone and its address; and an unrelated person
    g.write(LINKED, {"person": "CPD:p1", "uid": "CPD:i2", "agency": "CPD", "load": "L2"})
    person(g, "CPD:p2", "CPD", "L2")
    g.write(PHONE_LINK, {"person": "CPD:p2", "agency": "CPD", "load": "L2"})
    g.write(PLACE_LINK, {"person": "CPD:p2", "agency": "CPD", "load": "L2"})
    person(g, "CPD:p3", "CPD", "L2", cluster="S-OTHER")
    told = {d.alert: d for d in evaluate.evaluate(db, g, settings, "L2")}
    assert told[watch.id].new == 2 and told[watch.id].mailed  # CPD:i2 and CPD:p2
    assert told[phone.id].new == 1 and told[place.id].new == 1  # CPD:p2
    # the load replayed: nothing is told twice
    assert evaluate.evaluate(db, g, settings, "L2") == []
    assert evaluate.evaluate(db, g, settings, None) == []

    box = [n for n in notices.inbox(db, ["CPD"], "cara") if n.kind == "alert"]
    assert len(box) == 3 and {n.username for n in box} == {"cara"}
    by_name = {n.body["alert"]: n.body for n in box}
    assert sorted(by_name["Reyes"]["records"]) == ["CPD:i2", "CPD:p2"]
    assert notices.inbox(db, ["CPD"]) == [n for n in notices.inbox(db, ["CPD"]) if not n.username]
    assert not [n for n in notices.inbox(db, ["CPD"], "someone-else") if n.kind == "alert"]

    (mail,) = mailbox.messages  # only the alert with an address is mailed
    assert mail["To"] == "cara@cpd.example.gov" and "Reyes (2 new)" in mail["Subject"]
    text = mail.get_payload(decode=True).decode()
    assert "SECRET" not in text and "CPD:" not in text and "Marco" not in text


def test_reach_at_delivery_decides(world: tuple[Graph, AppDB, Settings, Inbox]) -> None:
    g, db, settings, _ = world
    cara = get_user(db, "cara")
    watch = alerts.add(db, cara, "Reyes", "subject", {"uid": "CPD:p1"})
    evaluate.baseline(db, g, watch)
    # CSO records the same person: not CPD's to see, so not told
    person(g, "CSO:p1", "CSO", "L3")
    g.write(LINKED, {"person": "CSO:p1", "uid": "CSO:i1", "agency": "CSO", "load": "L3"})
    assert evaluate.evaluate(db, g, settings, "L3") == []
    # CSO shares its incident reports with CPD in full: the next load of CSO's is told
    sharing.save(db, sharing.Agreement("CSO", "CPD", "incident", "full"),
                 get_user(db, "cso-admin"))  # fmt: skip
    g.write(LINKED, {"person": "CSO:p1", "uid": "CSO:i2", "agency": "CSO", "load": "L4"})
    (told,) = evaluate.evaluate(db, g, settings, "L4")
    assert told.new == 1
    # and a re-run over every load now tells what L3 held, once
    (again,) = evaluate.evaluate(db, g, settings, None)
    assert again.new == 2  # CSO:p1 and CSO:i1
    assert evaluate.evaluate(db, g, settings, None) == []
    # a disabled owner is told nothing
    from access.users import set_disabled

    set_disabled(db, "cara")
    g.write(LINKED, {"person": "CPD:p1", "uid": "CPD:i9", "agency": "CPD", "load": "L5"})
    assert evaluate.evaluate(db, g, settings, "L5") == []


def test_a_saved_query_alert_tells_new_rows_only(
    world: tuple[Graph, AppDB, Settings, Inbox],
) -> None:
    g, db, settings, _ = world
    cara = get_user(db, "cara")
    q = alerts.add(db, cara, "co-offenders", "query",
                   {"query": "co_offenders", "params": {"subject": "CPD:p1"}})  # fmt: skip
    before = evaluate.baseline(db, g, q)
    person(g, "CPD:p7", "CPD", "L6", cluster="S-SEVEN")
    g.write("MATCH (p:Person {uid: 'CPD:p7'}), (i:Incident {uid: 'CPD:i1'}) CREATE (p)-"
            "[:INVOLVED_IN {agency: 'CPD', load_id: 'L6', source_system: 'rms',"
            " source_record_id: 'x', record_class: 'incident'}]->(i)")  # fmt: skip
    (told,) = evaluate.evaluate(db, g, settings, "L6")
    assert told.new >= 1, before
    assert evaluate.evaluate(db, g, settings, "L6") == []
    with pytest.raises(alerts.AlertError, match="names a saved query"):
        alerts.add(db, cara, "x", "query", {})
    assert alerts.remove(db, q.id, cara) and not alerts.remove(db, q.id, cara)


def test_loads_run_the_alerts_and_a_replayed_load_tells_nothing_twice(
    civicfusion: Any, graph: Graph, tmp_path: Path
) -> None:
    mapping = str(Path(__file__).resolve().parents[1] / "data" / "bad" / "people_bad.yaml")
    header = "person_id,first_name,last_name,dob,phone\n"
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    first.write_text(header + "P1,Ana,Ruiz,1990-01-01,718-555-0101\n", encoding="utf-8")
    second.write_text(header + "P2,Bo,Diaz,1991-02-02,(718) 555-0101\n", encoding="utf-8")
    assert civicfusion("load", "csv", str(first), "-a", "M9", "-m", mapping).returncode == 0
    add_user(AppDB(tmp_path / "app.db"), "cara", PW, "analyst", ["M9"])
    made = civicfusion("alerts", "add", "That phone", "--identifier", "phone:+17185550101",
                       "--as", "cara")  # fmt: skip
    assert made.returncode == 0 and "1 match(es) now" in made.stdout, made.stdout + made.stderr
    loaded = civicfusion("load", "csv", str(second), "-a", "M9", "-m", mapping)
    assert "Alerts: 1 new match(es) for 1 user(s)" in loaded.stdout, loaded.stdout
    again = civicfusion("load", "csv", str(second), "-a", "M9", "-m", mapping)
    assert again.returncode == 0 and "Alerts:" not in again.stdout, again.stdout
    box = [n for n in notices.inbox(AppDB(tmp_path / "app.db"), [], "cara") if n.kind == "alert"]
    assert len(box) == 1 and box[0].body["count"] == 1
    listed = civicfusion("alerts", "list", "--as", "cara")
    assert "That phone" in listed.stdout and "phone:+17185550101" in listed.stdout
