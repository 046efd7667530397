"""Sharing across jurisdictions on the owners' terms (four agencies: FBI federal, TRB tribal,
CPD and CSO local): agreements by class and tier, a user's reach, pointer hits that say who
holds how many records and whom to call but nothing of what they say, the owner told once
per hit, and full sharing of one class that lets through that class only."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from access import agencies, audit, notices, sharing
from access.agencies import Agency
from access.appdb import AppDB
from access.sharing import Agreement, SharingError
from access.users import add_user, get_user
from charts import cases
from charts.chart import ChartState
from exports import formats
from graph import explore, guarded, pointers
from graph.db import Graph
from graph.model import SCHEMA_MIGRATION_LABEL
from graph.scope import Scope
from settings import Settings
from testkit.dash_request import invoke, signed_in

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "sharing" / "fixture.cypher"
PW = {"cara": "amber-quarry-lantern-41", "sam": "violet-harbor-meadow-17"}


def describe(db: AppDB) -> None:
    for code, name, level in (
        ("FBI", "Federal Bureau of Investigation, Field Office", "federal"),
        ("TRB", "Tribal Police Department", "tribal"),
        ("CPD", "City Police Department", "local"),
        ("CSO", "County Sheriff's Office", "local"),
    ):
        agencies.save(db, Agency(code, name, level, contact_unit=f"{code} Narcotics Unit",
                                 contact_phone="+1 212 555 0100"), None)  # fmt: skip


def agree(db: AppDB) -> None:
    admins = {}
    for owner in ("FBI", "TRB", "CSO"):
        add_user(db, f"{owner.lower()}-admin", f"copper-{owner}-orchard-58", "admin", [owner])
        admins[owner] = get_user(db, f"{owner.lower()}-admin")
    for owner, partner, cls, tier in (
        ("CSO", "CPD", "incident", "pointer"),
        ("CSO", "CPD", "arrest", "pointer"),
        ("CSO", "CPD", "intelligence", "none"),
        ("TRB", "level:local", "incident", "pointer"),
        ("FBI", "*", "incident", "full"),
        ("FBI", "level:local", "intelligence", "pointer"),
    ):
        sharing.save(db, Agreement(owner, partner, cls, tier), admins[owner])


@pytest.fixture(scope="module")
def four(session_graph: Graph, tmp_path_factory: pytest.TempPathFactory) -> tuple[Graph, AppDB]:
    session_graph.write(f"MATCH (n) WHERE NOT n:{SCHEMA_MIGRATION_LABEL} DETACH DELETE n")
    session_graph.write(FIXTURE.read_text(encoding="utf-8"))
    db = AppDB(tmp_path_factory.mktemp("sharing") / "app.db")
    describe(db)
    agree(db)
    add_user(db, "cara", PW["cara"], "analyst", ["CPD"])
    return session_graph, db


def cara(db: AppDB) -> tuple[Scope, Scope]:
    user = get_user(db, "cara")
    mine = sharing.user_scope(db, user, lambda: ["CPD", "CSO", "FBI", "TRB"])
    pointer = sharing.pointer_scope(db, user, mine)
    return mine, pointer


def no_content(value: Any, owners: tuple[str, ...] = ("CSO", "TRB", "FBI")) -> None:
    text = json.dumps(value, default=str) if not isinstance(value, str) else value
    for owner in owners:
        assert f"SECRET-{owner}" not in text, text[:800]
    if "CSO" in owners:  # (CSO's spelling of the name; the rest of the name CPD has too)
        assert "Marco A Reyes" not in text and "Reyes Jr" not in text, text[:800]


def test_reach_follows_the_most_specific_term_in_force(four: tuple[Graph, AppDB]) -> None:
    _, db = four
    user = get_user(db, "cara")
    r = sharing.reach(db, user, ["CPD"])
    assert r.full == {"FBI": frozenset({"incident"})}
    assert r.pointer == {
        "CSO": frozenset({"incident", "arrest"}),
        "TRB": frozenset({"incident"}),
        "FBI": frozenset({"intelligence"}),
    }
    # a term for the partner itself beats its level's and every partner's
    every = [*sharing.listing(db), Agreement("TRB", "CPD", "incident", "none")]
    assert "TRB" not in sharing.tiers(every, "CPD", "local", dt.date.today())
    # out of force: ended yesterday, or starting tomorrow
    today = dt.date.today()
    ended = [Agreement("TRB", "*", "incident", "full", ends=str(today - dt.timedelta(1)))]
    later = [Agreement("TRB", "*", "incident", "full", starts=str(today + dt.timedelta(1)))]
    assert sharing.tiers(ended, "CPD", "local", today) == {}
    assert sharing.tiers(later, "CPD", "local", today) == {}
    # a user cleared for the owner is not "pointed" to it
    assert "CSO" not in sharing.reach(db, user, ["CPD", "CSO"]).pointer


def test_only_the_owners_administrator_sets_its_terms_and_every_change_is_audited(
    four: tuple[Graph, AppDB],
) -> None:
    _, db = four
    add_user(db, "cpd-admin", "copper-CPD-orchard-58", "admin", ["CPD"])
    cpd_admin, cso_admin = get_user(db, "cpd-admin"), get_user(db, "cso-admin")
    with pytest.raises(SharingError, match="only an administrator of CSO"):
        sharing.save(db, Agreement("CSO", "CPD", "intelligence", "full"), cpd_admin)
    with pytest.raises(SharingError, match="only an administrator of CSO"):
        sharing.save(db, Agreement("CSO", "CPD", "intelligence", "full"), get_user(db, "cara"))
    with pytest.raises(SharingError, match="tier 'some'"):
        sharing.save(db, Agreement("CSO", "CPD", "incident", "some"), cso_admin)
    with pytest.raises(SharingError, match="partner 'NOPE'"):
        sharing.save(db, Agreement("CSO", "NOPE", "incident", "full"), cso_admin)
    with pytest.raises(SharingError, match="end date 2024-01-01 is before"):
        sharing.save(db, Agreement("CSO", "FBI", "incident", "full", "2025-01-01", "2024-01-01"),
                     cso_admin)  # fmt: skip
    assert sharing.get(db, "CSO", "CPD", "intelligence").tier == "none"  # unchanged
    sharing.save(db, Agreement("CSO", "TRB", "juvenile", "pointer"), cso_admin)
    sharing.save(db, Agreement("CSO", "TRB", "juvenile", "none", ends="2030-12-31"), cso_admin)
    entries = audit.entries(db, "sharing-set")  # newest first
    denied = [e for e in entries if e["outcome"] == "denied"]
    assert {e["username"] for e in denied} == {"cpd-admin", "cara"}
    last = entries[0]["detail"]
    assert last["before"]["tier"] == "pointer" and last["after"] == {
        "tier": "none", "starts": "", "ends": "2030-12-31"
    }  # fmt: skip


def test_a_pointer_scope_reads_no_record(four: tuple[Graph, AppDB]) -> None:
    g, db = four
    _, pointer = cara(db)
    with pytest.raises(guarded.ScopeRequired, match="pointer scope"):
        guarded.read(g, pointer, "MATCH (n:Person) WHERE n.agency IN $agencies RETURN n")
    with pytest.raises(guarded.ScopeRequired):
        explore.search(g, "Reyes", pointer)


def test_search_points_to_owners_with_counts_and_fields_only(four: tuple[Graph, AppDB]) -> None:
    g, db = four
    _mine, pointer = cara(db)
    hits = {h.agency: h for h in pointers.search(g, "Marco Reyes", pointer)}
    no_content([h.__dict__ for h in hits.values()])
    # CSO: its incident-class person only (the intelligence record and the juvenile's are
    # of classes CSO does not point CPD to); TRB: its person; FBI: its intelligence record
    # (incident records of FBI are shared in full, not pointed to)
    assert hits["CSO"].records == 1 and "name" in hits["CSO"].matched_on
    assert hits["TRB"].records == 1
    assert hits["FBI"].records == 1
    # a phone CSO's records use, typed the way people write it
    by_phone = {h.agency: h for h in pointers.search(g, "555-0202", pointer)}
    assert by_phone["CSO"].matched_on == ("phone number",), by_phone
    assert "TRB" not in by_phone
    # nothing matching: no pointer at all; and a word only a narrative holds is no oracle
    assert pointers.search(g, "Zyxwv Qqq", pointer) == []
    assert pointers.search(g, "heroin", pointer) == []
    assert pointers.search(g, "heroin", pointer, ["Incident"]) == []


def test_subject_pointers_name_the_evidence_not_the_record(four: tuple[Graph, AppDB]) -> None:
    g, db = four
    mine, pointer = cara(db)
    hits = {h.agency: h for h in pointers.subject(g, "CPD:p1", mine, pointer)}
    no_content([h.__dict__ for h in hits.values()])
    assert hits["CSO"].records == 1  # CSO:p1 (not the intelligence or juvenile records)
    assert set(hits["CSO"].matched_on) == {
        "same person (entity resolution)", "family name + birth date", "phone number"
    }  # fmt: skip
    assert hits["TRB"].matched_on == ("family name + birth date",)
    assert hits["FBI"].records == 1  # the intelligence record: FBI points CPD to it
    # a subject the person cannot read gives nothing (not even "no such record")
    assert pointers.subject(g, "CSO:p1", mine, pointer) == []
    assert pointers.subject(g, "CPD:p2", mine, pointer) == []  # nobody else holds Ortiz


def test_full_sharing_of_a_class_lets_that_class_through_and_no_other(
    four: tuple[Graph, AppDB],
) -> None:
    g, db = four
    mine, _ = cara(db)
    assert mine.grant_keys == ["FBI|incident"]
    found = {e.uid for e, _ in explore.search(g, "Marco Reyes", mine)}
    assert {"CPD:p1", "FBI:p1"} <= found
    assert not found & {"FBI:p2", "CSO:p1", "CSO:p2", "TRB:p1"}, found
    grown = explore.expand(g, "Incident", "FBI:i1", mine)
    assert {e.uid for e in grown.entities} == {"FBI:p1"}
    assert grown.total == 1  # the count, computed in the statement, sees only what is shared
    assert explore.entity_details(g, "Person", "FBI:p2", mine) is None
    no_content([e.props for e in grown.entities], ("FBI",))


def workbench_of(g: Graph, settings: Settings, home: Path) -> tuple[Any, AppDB]:
    """The workbench on the four-agency graph, its app database holding the agencies, the
    terms, CPD's analyst cara and CSO's analyst sam."""
    from workbench.app import create_app
    from workbench.services import services

    app = create_app(settings.model_copy(update={"home": home}), g)
    db = services().db
    describe(db)
    agree(db)
    add_user(db, "cara", PW["cara"], "analyst", ["CPD"])
    add_user(db, "sam", PW["sam"], "analyst", ["CSO"])
    return app, db


def test_search_callback_shows_pointer_cards_and_tells_the_owner_once(
    four: tuple[Graph, AppDB], neo4j_settings: Settings, tmp_path: Path
) -> None:
    app, db = workbench_of(four[0], neo4j_settings, tmp_path)
    client = signed_in(app, "cara", PW["cara"])
    values = {"search-go.n_clicks": 1, "search-text.value": "Marco Reyes"}
    for _ in range(2):  # the same search twice: one hit
        status, text = invoke(app, client, "results-box.children", values, "search-go.n_clicks")
        assert status == 200, text[:300]
        no_content(text)
        assert "County Sheriff's Office (CSO) holds 1 record matching your search" in text
        assert "CSO Narcotics Unit, +12125550100" in text
        assert "Tribal Police Department (TRB) holds 1 record" in text
    box = notices.inbox(db, ["CSO"])
    assert len(box) == 1 and box[0].kind == "pointer-hit"
    assert box[0].body["user"] == "cara" and box[0].body["requesting_agencies"] == ["CPD"]
    assert box[0].body["records"] == 1 and "name" in box[0].body["matched_on"]
    no_content(box[0].body)
    actions = [e["action"] for e in audit.entries(db)]
    assert actions.count("pointer-hit") == 6  # (CSO, TRB, FBI) x 2 searches
    assert actions.count("pointer-notice") == 3  # each owner told once
    # the details of CPD's own record point to CSO on the subject
    status, text = invoke(app, client, "details.children",
                          {"chart.tapNodeData": {"id": "CPD:p1"}}, "chart.tapNodeData")  # fmt: skip
    assert status == 200
    no_content(text)
    # (not on CPD's chart: the panel refuses, and says nothing of other agencies)
    assert "holds" not in text
    status, text = invoke(app, client, "chart.elements",
                          {"add-selected.n_clicks": 1, "search-results.value": ["Person|CPD:p1"]},
                          "add-selected.n_clicks")  # fmt: skip
    assert status == 200 and "CPD:p1" in text
    status, text = invoke(app, client, "details.children",
                          {"chart.tapNodeData": {"id": "CPD:p1"}}, "chart.tapNodeData")  # fmt: skip
    no_content(text)
    assert "County Sheriff's Office (CSO) holds 1 record on this subject" in text
    assert "matched on family name + birth date, phone number, same person" in text
    assert notices.inbox(db, ["CSO"])[0].body["surface"] == "details"
    # FBI's incident records are shared in full with CPD: on the chart, and expanded; its
    # intelligence record (forged into the request) is not
    status, text = invoke(app, client, "chart.elements",
                          {"add-selected.n_clicks": 2,
                           "search-results.value": ["Person|FBI:p1", "Person|FBI:p2"]},
                          "add-selected.n_clicks")  # fmt: skip
    assert '"FBI:p1"' in text and "FBI:p2" not in text
    no_content(text)
    tap = {"double-tap.data": {"id": "CPD:p1", "t": 1}}
    status, text = invoke(app, client, "chart.elements", tap, "double-tap.data")
    assert "Held by another agency: County Sheriff's Office (CSO) holds 1 record" in text
    no_content(text)
    # a library query about the subject points to the same owners
    status, text = invoke(app, client, "query-results.children",
                          {"query-run.n_clicks": 1, "query-name.value": "co_offenders",
                           "query-param.value": [({"name": "subject"}, "CPD:p1"),
                                                 ({"name": "limit"}, 10)]},
                          "query-run.n_clicks")  # fmt: skip
    assert status == 200 and "CSO) holds 1 record on this subject" in text, text[:500]
    no_content(text)
    surfaces = {n.body["surface"] for n in notices.inbox(db, ["CSO"])}
    assert surfaces == {"search", "details", "expand", "query"}
    # CPD saves a case on the subject; CSO's analyst later saves one on CSO's record of the
    # same person: both are told, with each other's case number and contact
    save = {"case-positions.data": {"t": 1, "positions": {}}, "case-number.value": "24-118",
            "case-title.value": "Reyes", "case-notes.value": "",
            "case-shared.value": False}  # fmt: skip
    status, text = invoke(app, client, "case-message.children", save, "case-positions.data")
    assert status == 200 and "Saved to case 24-118" in text and "Deconfliction" not in text
    sam = signed_in(app, "sam", PW["sam"])
    invoke(app, sam, "chart.elements",
           {"add-selected.n_clicks": 1, "search-results.value": ["Person|CSO:p1"]},
           "add-selected.n_clicks")  # fmt: skip
    theirs = {**save, "case-number.value": "CSO-9", "case-title.value": "Heroin"}
    status, text = invoke(app, sam, "case-message.children", theirs, "case-positions.data")
    assert "Deconfliction: CPD case 24-118 (same subject)" in text
    # what cara saved to her case, and its export, hold nothing of CSO's (pointers never
    # reach a chart), and FBI's shared incident only as the reach allows
    mine, _ = cara(db)
    (case,) = cases.listing(db, "cara", mine)  # (her own case opens: she reaches FBI:p1)
    no_content(json.dumps(case.state))
    assert cases.listing(db, "cara", ["CPD"]) == []  # a clearance for CPD alone would not
    for fmt in ("json", "csv", "graphml"):
        out = formats.of_chart(four[0], ChartState.from_dict(case.state), mine, fmt,
                               formats.header("cara", mine, "TEST", case="24-118"))  # fmt: skip
        no_content(out.content if isinstance(out.content, str) else out.content.decode())
        assert "FBI:p1" in str(out.content)
    told = [n for n in notices.inbox(db, ["CPD"]) if n.kind == "deconfliction-case"]
    assert [n.body["their_reference"] for n in told] == ["CSO-9"]
    assert "CSO Narcotics Unit" in told[0].body["their_contact"]
    # the owner's analyst sees the notices in its inbox; CPD's does not see CSO's inbox
    assert {n.kind for n in notices.inbox(db, ["CPD"])} == {"deconfliction-case"}
    assert notices.dismiss(db, box[0].id, ["CPD"], "cara") is False
    assert notices.dismiss(db, box[0].id, ["CSO"], "sam") is True
    assert box[0].id not in {n.id for n in notices.inbox(db, ["CSO"])}


def test_owner_admin_sets_terms_on_the_admin_page_and_analysts_read_the_inbox(
    four: tuple[Graph, AppDB], neo4j_settings: Settings, tmp_path: Path
) -> None:
    app, db = workbench_of(four[0], neo4j_settings, tmp_path)
    admin = signed_in(app, "cso-admin", "copper-CSO-orchard-58")
    page = invoke(app, admin, "page.children", {"url.pathname": "/admin"}, "url.pathname")[1]
    assert "Sharing agreements of CSO" in page and "every tribal agency" in page
    term = {"sharing-save.n_clicks": 1, "sharing-partner.value": "TRB",
            "sharing-class.value": "arrest", "sharing-tier.value": "full",
            "sharing-starts.value": "2026-01-01", "sharing-ends.value": None}  # fmt: skip
    status, text = invoke(app, admin, "sharing-terms.children", term, "sharing-save.n_clicks")
    assert status == 200 and "Set: TRB, arrests: full." in text
    assert sharing.get(db, "CSO", "TRB", "arrest").starts == "2026-01-01"
    bad = {**term, "sharing-tier.value": None}
    status, text = invoke(app, admin, "sharing-terms.children", bad, "sharing-save.n_clicks")
    assert "tier '' is not one of full, pointer, none" in text
    # an analyst may not call the admin's callback
    cara = signed_in(app, "cara", PW["cara"])
    status, _ = invoke(app, cara, "sharing-terms.children", term, "sharing-save.n_clicks")
    assert status == 403
    # a pointer hit lands in CSO's inbox; CSO's analyst reads and dismisses it
    phone = {"search-go.n_clicks": 1, "search-text.value": "555-0202"}
    invoke(app, cara, "results-box.children", phone, "search-go.n_clicks")
    sam = signed_in(app, "sam", PW["sam"])
    page = invoke(app, sam, "page.children", {"url.pathname": "/inbox"}, "url.pathname")[1]
    assert "Pointer hit on your records" in page and "cara (CPD) found 1 of your record" in page
    assert "matched on phone number" in page and "CPD: CPD Narcotics Unit" in page
    no_content(page)
    (notice,) = notices.inbox(db, ["CSO"])
    cpd_page = invoke(app, cara, "page.children", {"url.pathname": "/inbox"}, "url.pathname")[1]
    assert "Pointer hit" not in cpd_page and "No notices." in cpd_page
    ident = json.dumps({"index": notice.id, "type": "inbox-dismiss"}, separators=(",", ":"))
    values = {"inbox-dismiss.n_clicks": [(notice.id, 1)]}
    status, text = invoke(app, cara, "inbox-box.children", values, f"{ident}.n_clicks")
    assert notices.inbox(db, ["CSO"]), "CPD's analyst cannot dismiss CSO's notice"
    status, text = invoke(app, sam, "inbox-box.children", values, f"{ident}.n_clicks")
    assert status == 200 and "No notices." in text
    assert [e["outcome"] for e in audit.entries(db, "inbox-dismiss")] == ["ok", "denied"]


def test_watch_button_sets_an_alert_on_what_is_on_the_users_chart(
    four: tuple[Graph, AppDB], neo4j_settings: Settings, tmp_path: Path
) -> None:
    from watch import alerts

    app, db = workbench_of(four[0], neo4j_settings, tmp_path)
    cara = signed_in(app, "cara", PW["cara"])
    invoke(app, cara, "chart.elements",
           {"add-selected.n_clicks": 1, "search-results.value": ["Person|CPD:p1"]},
           "add-selected.n_clicks")  # fmt: skip
    picked = {"btn-watch.n_clicks": 1,
              "chart.selectedNodeData": [{"id": "CPD:p1"}, {"id": "CSO:p1"}]}  # fmt: skip
    status, text = invoke(app, cara, "chart-message.children", picked, "btn-watch.n_clicks")
    assert status == 200 and "Watching Person: Marco Reyes" in text, text[:300]
    (alert,) = alerts.listing(db, "cara")  # (CSO:p1, not on cara's chart, is not watched)
    assert alert.kind == "subject" and alert.target == {"uid": "CPD:p1"}
    status, text = invoke(app, cara, "chart-message.children",
                          {"btn-watch.n_clicks": 2, "chart.selectedNodeData": []},
                          "btn-watch.n_clicks")  # fmt: skip
    assert "Select a person" in text
    # a later load adds an incident of the subject: told in cara's inbox, and "Put on my
    # chart" puts it there (read again with her reach)
    from watch import evaluate

    evaluate.baseline(db, four[0], alert)
    four[0].write(
        "MATCH (p:Person {uid: 'CPD:p1'}) CREATE (p)-[:INVOLVED_IN {agency: 'CPD', load_id:"
        " 'L-W', source_system: 'rms', source_record_id: 'w', record_class: 'incident'}]->"
        "(:Incident {uid: 'CPD:iw', incident_number: 'W-1', agency: 'CPD', load_id: 'L-W',"
        " source_system: 'rms', source_record_id: 'w', record_class: 'incident'})"
    )
    try:
        (told,) = evaluate.evaluate(db, four[0], neo4j_settings, "L-W")
        assert told.new == 1
        (note,) = [n for n in notices.inbox(db, ["CPD"], "cara") if n.kind == "alert"]
        ident = json.dumps({"index": note.id, "type": "alert-chart"}, separators=(",", ":"))
        values = {"alert-chart.n_clicks": [(note.id, 1)]}
        sam = signed_in(app, "sam", PW["sam"])
        _, text = invoke(app, sam, "inbox-message.children", values, f"{ident}.n_clicks")
        assert "not one of your alerts" in text
        _, text = invoke(app, cara, "inbox-message.children", values, f"{ident}.n_clicks")
        assert "Added 1 item(s)" in text, text[:300]
        _, text = invoke(app, cara, "chart.elements",
                         {"layout-choice.value": "grid"}, "layout-choice.value")  # fmt: skip
        assert "CPD:iw" in text
        assert not [n for n in notices.inbox(db, ["CPD"], "cara") if n.kind == "alert"]
    finally:
        four[0].write("MATCH (i:Incident {uid: 'CPD:iw'}) DETACH DELETE i")
    # the Inbox lists the user's alerts; Remove takes one away (only one's own)
    page = invoke(app, cara, "page.children", {"url.pathname": "/inbox"}, "url.pathname")[1]
    assert "Your standing alerts" in page and "Person: Marco Reyes" in page
    ident = json.dumps({"index": alert.id, "type": "alert-remove"}, separators=(",", ":"))
    values = {"alert-remove.n_clicks": [(alert.id, 1)]}
    invoke(app, sam, "alerts-box.children", values, f"{ident}.n_clicks")
    assert alerts.listing(db, "cara") == [alert]  # sam cannot remove cara's alert
    status, text = invoke(app, cara, "alerts-box.children", values, f"{ident}.n_clicks")
    assert status == 200 and "No standing alerts" in text and alerts.listing(db, "cara") == []


def test_operations_page_registers_and_deconflicts(
    four: tuple[Graph, AppDB], neo4j_settings: Settings, tmp_path: Path
) -> None:
    app, _db = workbench_of(four[0], neo4j_settings, tmp_path)
    sam, cara = signed_in(app, "sam", PW["sam"]), signed_in(app, "cara", PW["cara"])
    page = invoke(app, cara, "page.children", {"url.pathname": "/operations"}, "url.pathname")[1]
    assert "Planned operations" in page and "ops-save" in page
    op = {"ops-save.n_clicks": 1, "ops-reference.value": "CSO-BUY-1", "ops-kind.value": "buy",
          "ops-agency.value": "CSO", "ops-lat.value": 40.0, "ops-lon.value": -73.0,
          "ops-radius.value": 100, "ops-starts.value": "2026-12-20T06:00",
          "ops-ends.value": "2026-12-20T08:00"}  # fmt: skip
    status, text = invoke(app, sam, "ops-list.children", op, "ops-save.n_clicks")
    assert status == 200 and "no overlap with others" in text, text[:300]
    # CPD plans a warrant next door at the same hour: both told at once
    mine = {**op, "ops-reference.value": "CPD-SW-9", "ops-kind.value": "search warrant",
            "ops-agency.value": "CPD", "ops-lat.value": 40.0005}  # fmt: skip
    status, text = invoke(app, cara, "ops-list.children", mine, "ops-save.n_clicks")
    assert "Deconfliction: it overlaps CSO CSO-BUY-1" in text
    assert "CSO-BUY-1" not in text.split("Deconfliction")[0]  # CPD's list: its own only
    # a user may not plan for an agency they do not work for; bad numbers are refused
    status, text = invoke(app, cara, "ops-list.children", {**mine, "ops-agency.value": "CSO"},
                          "ops-save.n_clicks")  # fmt: skip
    assert "cara does not work for CSO" in text
    status, text = invoke(app, cara, "ops-list.children", {**mine, "ops-lat.value": None},
                          "ops-save.n_clicks")  # fmt: skip
    assert "latitude, longitude and radius are numbers" in text
    page = invoke(app, cara, "page.children", {"url.pathname": "/"}, "url.pathname")[1]
    assert "Operation conflict" in page and "CSO-BUY-1" in page
