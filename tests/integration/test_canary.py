"""The canary suite: agency B's records carry the secret CANARY-B. A user cleared for agency A
only drives every callback of the workbench (and forged requests naming B's records); the
canary must appear in no response, and no refusal may leak it either."""

from __future__ import annotations

import base64
import io
import json
from collections.abc import Callable
from typing import Any

import pytest
from pypdf import PdfReader

from access.users import add_user
from charts import actions, cases
from charts.chart import ChartState
from exports import formats
from graph.db import Graph
from graph.scope import Scope
from settings import Settings
from testkit.dash_request import callback_body, invoke, signed_in


def S(*codes: str) -> Scope:
    """The scope of a test user cleared for these agencies."""
    return Scope.cleared("test-user", codes)


CANARY = "CANARY-B"
PW = {"ana": "analyst-a-only-1", "sue": "supervisor-a-only-1"}


@pytest.fixture(scope="module")
def app(
    session_graph: Graph,
    neo4j_settings: Settings,
    tmp_path_factory: pytest.TempPathFactory,
    case_graph: Callable[[Graph], Graph],
):  # type: ignore[no-untyped-def]
    from workbench.app import create_app
    from workbench.services import services

    case_graph(session_graph)
    # (the case graph has a Load per agency: what "all agencies" means) and a pending
    # match into agency B
    session_graph.write(
        "MATCH (p:Person {uid: 'A:p4'}), (b:Person {uid: 'B:pb'}) "
        "CREATE (p)-[:SAME_AS {agency: 'A', status: 'review', score: 0.9, match_weight: 3.0, "
        "explanation: '{\"name\": 1.0}'}]->(b)"
    )
    home = tmp_path_factory.mktemp("canary-home")
    dash_app = create_app(neo4j_settings.model_copy(update={"home": home}), session_graph)
    add_user(services().db, "ana", PW["ana"], "analyst", ["A"])
    add_user(services().db, "sue", PW["sue"], "supervisor", ["A"])
    # a colleague cleared for A and B shares a case chart holding B's records
    add_user(services().db, "ben", "analyst-a-and-b-1", "analyst", ["A", "B"])
    chart = ChartState()
    actions.add_entities(
        chart, session_graph, S("A", "B"), [("Person", "B:pb"), ("Person", "A:p1")]
    )
    cases.save(
        services().db, "ben", "CANARY-B case", "CANARY-B chart", "CANARY-B notes", True,
        chart.to_dict(), actions.chart_agencies(chart), {}, [],
    )  # fmt: skip
    return dash_app


def client_for(app: Any, user: str) -> Any:
    return signed_in(app, user, PW[user])


def exported_text(response: str) -> str:
    """What a dcc.Download answer carries, decoded (PDF: its extracted text)."""
    data = json.loads(response)["response"]["chart-download"]["data"]
    if not data.get("base64"):
        return data["content"]
    raw = base64.b64decode(data["content"])
    if data["filename"].endswith(".pdf"):
        return "".join(p.extract_text() for p in PdfReader(io.BytesIO(raw)).pages)
    return raw.decode("utf-8", "replace")


def no_canary(text: str) -> None:
    assert CANARY not in text and "B:p" not in text and "B:i" not in text, text[:600]
    assert "CANARYB" not in text, text[:600]  # B's identity document (normalised number)


def test_analyst_cleared_for_a_never_sees_b(app: Any) -> None:
    from workbench.services import services

    c = client_for(app, "ana")
    seen: list[str] = [c.get("/").data.decode(), c.get("/_dash-layout").data.decode()]

    def run(fragment: str, values: dict, changed: str) -> str:
        status, text = invoke(app, c, fragment, values, changed)
        assert status in (200, 204, 403), (fragment, status, text[:300])
        seen.append(text)
        return text

    # the browser's view of the callbacks (what the load benchmark reads) gives the same
    # request as the server's callback map
    deps = {d["output"]: d for d in json.loads(c.get("/_dash-dependencies").data)}
    compared = 0
    for key, entry in app.callback_map.items():
        if "results-box" not in key and "chart.elements" not in key:
            continue  # the two the benchmark drives
        values = {"search-go.n_clicks": 1, "search-text.value": "x"}
        d = deps[key]
        assert callback_body(
            key, d["inputs"], d.get("state", []), values, "search-go.n_clicks"
        ) == callback_body(
            key, entry["inputs"], entry.get("state", []), values, "search-go.n_clicks"
        ), key
        compared += 1
    assert compared >= 2
    page = run("page.children", {"url.pathname": "/"}, "url.pathname")
    assert '"id":"chart"' in page.replace(" ", "")  # the investigation page really rendered
    run("page.children", {"url.pathname": "/review"}, "url.pathname")
    run("page.children", {"url.pathname": "/audit"}, "url.pathname")
    # (the canary itself is not searched for: the answer would echo the question)
    # ("555-0009" and "DZ@example.org": a phone and an e-mail shared by A and B; only A's
    # links may show; "CANARYB0777": an identity document only B holds)
    searches = ("Zed", "Alan Ames", "St", "Crack Cocaine", "Main", "555-0009", "0666")
    for text in (*searches, "DZ@example.org", "canaryb-0777"):
        run(
            "results-box.children",
            {"search-go.n_clicks": 1, "search-text.value": text},
            "search-go.n_clicks",
        )
    chart = "chart.elements"
    # forged: B's records named directly
    run(
        chart,
        {
            "add-selected.n_clicks": 1,
            "search-results.value": [
                "Person|B:pb",
                "Incident|B:ib",
                "Phone|phone:CANARY-B",
                "Document|document:fbi:CANARYB0777",
            ],
        },
        "add-selected.n_clicks",
    )
    run(
        chart,
        {
            "add-selected.n_clicks": 2,
            "search-results.value": ["Person|A:p1", "Phone|A:ph2", "Phone|phone:+15550009"],
        },
        "add-selected.n_clicks",
    )
    grown = {}
    for uid in ("A:p1", "A:ph2", "B:pb", "phone:+15550009", "phone:CANARY-B",
                "email:dz@example.org", "document:fbi:CANARYB0777"):  # fmt: skip
        grown[uid] = run(
            chart,
            {
                "btn-expand.n_clicks": 1,
                "chart.selectedNodeData": [{"id": uid}],
                "expand-cap.value": 50,
            },
            "btn-expand.n_clicks",
        )
    assert "A:p4" in grown["phone:+15550009"]  # A's own link to the shared phone is shown
    assert "A:p4" in grown["email:dz@example.org"]  # and to the shared e-mail
    # "who else uses this" from the shared phone, from a person, from B's records (forged)
    who = {}
    for uid in ("phone:+15550009", "A:p1", "B:pb", "phone:CANARY-B", "A:p4",
                "email:dz@example.org", "document:fbi:CANARYB0777"):  # fmt: skip
        who[uid] = run(
            chart,
            {"btn-who-else.n_clicks": 1, "chart.selectedNodeData": [{"id": uid}]},
            "btn-who-else.n_clicks",
        )
    assert "A:p4" in who["phone:+15550009"]  # A's person who uses the shared phone
    run(chart, {"double-tap.data": {"id": "B:pb", "t": 1}}, "double-tap.data")
    run(
        chart,
        {
            "btn-path.n_clicks": 1,
            "path-hops.value": 6,
            "chart.selectedNodeData": [{"id": "A:p1"}, {"id": "A:p4"}],
        },
        "btn-path.n_clicks",
    )
    run("export-dialog.is_open", {"export-open.n_clicks": 1}, "export-open.n_clicks")
    for fmt in formats.FORMATS:
        exported = run(
            "chart-download.data",
            {
                # forged positions naming B's records are ignored, not drawn
                "export-positions.data": {"t": 1, "positions": {"A:p1": [0, 0], "B:pb": [9, 9]}},
                "export-format.value": fmt,
                "export-case.value": "C-1",
                "export-recipient.value": "own case file",
            },
            "export-positions.data",
        )
        text = exported_text(exported)
        seen.append(text)
        assert "A:p1" in text or fmt == "png", fmt  # a real export of A's records
    run(chart, {"resolved-view.value": True}, "resolved-view.value")
    for node in (
        {"id": "A:p1"},
        {"id": "B:pb"},
        {"id": "subject:S-1", "members": ["A:p1"]},
        {"id": "subject:S-1", "members": ["B:pb"]},
        {"id": "A:l3"},
    ):
        run("details.children", {"chart.tapNodeData": node}, "chart.tapNodeData")
    run(
        "query-form.children",
        {"query-name.value": "co_offenders", "chart.selectedNodeData": [{"id": "A:p1"}]},
        "query-name.value",
    )
    run("query-form.children", {"query-name.value": "no_such"}, "query-name.value")
    run(
        "query-results.children",
        {"query-run.n_clicks": 1, "query-name.value": "multi_agency_subjects"},
        "query-run.n_clicks",
    )
    run(
        "query-results.children",
        {"query-run.n_clicks": 1, "query-name.value": "records_missing_provenance"},
        "query-run.n_clicks",
    )
    run("review-list.children", {"review-refresh.data": 0}, "review-refresh.data")
    run("audit-table.children", {"audit-action.value": None}, "audit-action.value")
    run(
        "query-editor.is_open",
        {"query-edit.n_clicks": 1, "query-name.value": "shared_phones"},
        "query-edit.n_clicks",
    )
    # time and place: the timeline, its window, the map (B's place sits next to A's)
    run("timeline-lanes.children", {"chart-counts.children": "1"}, "chart-counts.children")
    run(chart, {"timeline-range.value": [24000, 24400]}, "timeline-range.value")
    run(chart, {"timeline-range.value": ["x", None]}, "timeline-range.value")
    placed = run(
        "map-box.children",
        {"right-tabs.active_tab": "tab-map", "chart-counts.children": "1"},
        "right-tabs.active_tab",
    )
    assert "CircleMarker" in placed or "No places" in placed or "no coordinates" in placed
    # case charts: ben's shared chart (B's records) is neither listed nor opened for ana
    shared = cases.listing(services().db, "ben", S("A", "B"))[0].id
    listed = run("cases-list.children", {"cases-filter.value": ""}, "cases-filter.value")
    assert "No case charts yet" in listed
    for kind in ("case-open", "case-share", "case-delete"):
        run(
            "cases-list.children" if kind != "case-open" else "url.pathname",
            {f"{kind}.n_clicks": [(shared, 1)]},
            json.dumps({"index": shared, "type": kind}, separators=(",", ":")) + ".n_clicks",
        )
    assert cases.get(services().db, shared, "ben", S("A", "B")).shared  # unchanged
    run("case-dialog.is_open", {"case-save-open.n_clicks": 1}, "case-save-open.n_clicks")
    run(
        "case-message.children",
        {
            "case-positions.data": {"t": 1, "positions": {"B:pb": [1, 1]}},
            "case-number.value": "A-1",
            "case-title.value": "mine",
        },
        "case-positions.data",
    )
    mine = cases.listing(services().db, "ana", S("A"))
    assert [c.title for c in mine] == ["mine"] and mine[0].positions == {}  # forged: dropped
    run(
        "url.pathname",
        {"case-open.n_clicks": [(mine[0].id, 1)]},
        json.dumps({"index": mine[0].id, "type": "case-open"}, separators=(",", ":")) + ".n_clicks",
    )
    seen.append(run("chart.elements", {}, "url.pathname"))  # the reopened chart, drawn
    for text in seen:
        no_canary(text)
    assert len(seen) > 20


def test_supervisor_cleared_for_a_reviews_only_a_pairs(app: Any) -> None:
    c = client_for(app, "sue")
    status, text = invoke(
        app, c, "review-list.children", {"review-refresh.data": 0}, "review-refresh.data"
    )
    assert status == 200 and "Cal Cruz" not in text  # A:p3 - C:p3 needs C too
    no_canary(text)
    assert "No pairs are waiting" in json.dumps(json.loads(text))


def by_input(app: Any, client: Any, input_id: str, values: dict[str, Any]) -> tuple[int, str]:
    """Call the callback fired by the component ``input_id`` (``<id>.n_clicks`` changes)."""
    key = next(
        k
        for k, e in app.callback_map.items()
        if any(d["id"] == input_id for d in e["inputs"]) and "callback" in e
    )
    entry = app.callback_map[key]
    changed = next(f"{d['id']}.{d['property']}" for d in entry["inputs"] if d["id"] == input_id)
    body = callback_body(
        key, entry["inputs"], entry.get("state", []), {changed: 1, **values}, changed
    )
    token = client.get_cookie("_csrf_token").value
    r = client.post("/_dash-update-component", json=body, headers={"X-CSRFToken": token})
    return r.status_code, r.data.decode()


HEADER = """// name: {name}
// title: {name}
// description: a bypass attempt
// category: people
// parameters: {{}}
// returns: table
// revision: 1
"""
# Free-form Cypher that mentions $agencies but reaches agency B's records anyway: scalar
# projections, counts, always-true predicates, existence tests choosing in-scope rows,
# comment and escape tricks.
BYPASSES = [
    "MATCH (p:Person) WHERE p.agency IN $agencies OR true RETURN p.name AS name",
    "MATCH (p:Person) WHERE NOT p.agency IN $agencies RETURN p.source_record_id AS s",
    "MATCH (p:Person {uid: 'A:p1'}) WHERE p.agency IN $agencies AND EXISTS "
    "{ MATCH (b:Person) WHERE b.name STARTS WITH 'CANARY' } RETURN p.name AS hit",
    "MATCH (p:Person) WHERE p.agency IN $agencies RETURN p.name AS n, "
    "COUNT { MATCH (b {agency: 'B'}) } AS b_records",
    "MATCH (p:Person) WHERE p.agency IN $agencies RETURN [(p)-[:SAME_AS]-(o) | o.name] AS o",
    "MATCH (p) WHERE p.agency IN $agencies // ' \nOR p.agency = 'B' RETURN p.name AS n",
    "MATCH (p) WHERE p.agency IN $agencies OR p.ag\\u0065ncy = 'B' RETURN p.name AS n",
    "SHOW TRANSACTIONS YIELD currentQuery, parameters RETURN currentQuery, parameters",
    "WITH $agencies AS a LOAD CSV FROM 'http://127.0.0.1:9/x' AS r RETURN r",
]


def test_free_form_cypher_reaches_nothing_outside_the_scope(app: Any, session_graph: Graph) -> None:
    """ana (agency A) tries every free-form path: a personal query saved and imported, a
    team query of a colleague cleared for every agency, ad-hoc Cypher, and free-form text
    that reached the app DB some other way. Nothing of B comes back, nothing runs."""
    from access import personal_queries
    from access.users import add_user, get_user
    from graph import questions
    from workbench.services import services

    db = services().db
    add_user(db, "zoe", "zoe-every-agency-1", "supervisor", ["A", "B", "C"])
    zoe = get_user(db, "zoe")
    every = Scope.cleared("zoe", ["A", "B", "C"])
    c = client_for(app, "ana")
    seen: list[str] = []
    team_keys = []
    for i, body in enumerate(BYPASSES):
        text = HEADER.format(name=f"bypass_{i}") + body
        status, out = by_input(app, c, "query-save", {"query-editor-text.value": text})
        assert status == 200 and "Not saved" in out, out[:300]
        seen.append(out)
        upload = "data:text/plain;base64," + base64.b64encode(text.encode()).decode()
        status, out = by_input(
            app, c, "query-upload", {"query-upload.contents": upload, "query-upload.filename": "q"}
        )
        seen.append(out)
        status, out = by_input(app, c, "adhoc-run", {"adhoc-text.value": body})
        seen.append(out)
        # the same text as a team query of zoe's: ana cannot even see it, let alone run it
        try:
            shared = personal_queries.save(db, session_graph, zoe, every, text, shared=True)
        except questions.QueryError:
            continue  # refused for every user (SHOW, LOAD CSV): nothing to share

        team_keys.append(shared.key)
        status, out = by_input(app, c, "query-run", {"query-name.value": shared.key})
        seen.append(out)
    assert personal_queries.visible(db, get_user(db, "ana"), S("A")) == []
    # (the texts are real leaks: run by zoe, cleared for B, the first returns B's canary)
    assert CANARY in json.dumps(
        personal_queries.run(db, session_graph, zoe, team_keys[0], {}, every).rows
    )
    # free-form text in ana's own saved query (an older version, or written to the DB)
    mine = personal_queries.save(
        db, session_graph, get_user(db, "ana"), S("A"),
        "// name: mine\n// title: mine\n// from: co_offenders\n// values: {subject: 'A:p1'}\n",
    )  # fmt: skip
    with db.connect() as con:
        con.execute(
            "UPDATE user_query_versions SET text = ? WHERE query_id = ?",
            (HEADER.format(name="mine") + BYPASSES[0], mine.id),
        )
    status, out = by_input(app, c, "query-run", {"query-name.value": mine.key})
    assert "cleared for every agency" in out
    seen.append(out)
    for text in seen:
        no_canary(text)
    refusals = [
        e
        for e in audit_entries()
        if e["username"] == "ana" and e["outcome"] in ("refused", "denied")
    ]
    assert len(refusals) >= len(BYPASSES) * 2
    assert any("cypher_sha256" in e["detail"] for e in refusals if e["action"] == "query")


def audit_entries() -> list[dict[str, Any]]:
    from access import audit
    from workbench.services import services

    return audit.entries(services().db, limit=5000)


def test_shared_case_chart_history_stays_with_the_cleared(app: Any, session_graph: Graph) -> None:
    """ben (A and B) charts B's record, removes it, and shares the chart: the screen shows
    only A's records but undo would bring B's back, so ana (A) neither lists nor opens it."""
    from workbench.services import services

    db = services().db
    chart = ChartState()
    actions.add_entities(chart, session_graph, S("A", "B"), [("Person", "B:pb")])
    actions.add_entities(chart, session_graph, S("A", "B"), [("Person", "A:p1")])
    chart.remove(["B:pb"])
    assert all(e["data"].get("agency") != "B" for e in chart.view())  # not on screen...
    case_id = cases.save(
        db, "ben", "HIST-1", "history", "", True, chart.to_dict(), [], {}, []
    )  # ...and the caller names no agency: the chart's own history decides
    assert cases.get(db, case_id, "ben", S("A", "B")) is not None
    assert cases.get(db, case_id, "ana", S("A")) is None
    assert all(c.id != case_id for c in cases.listing(db, "ana", S("A")))
    c = client_for(app, "ana")
    listed = by_input(app, c, "cases-filter", {"cases-filter.value": ""})[1]
    opened = invoke(
        app,
        c,
        "url.pathname",
        {"case-open.n_clicks": [(case_id, 1)]},
        json.dumps({"index": case_id, "type": "case-open"}, separators=(",", ":")) + ".n_clicks",
    )[1]
    drawn = invoke(app, c, "chart.elements", {}, "url.pathname")[1]
    for text in (listed, opened, drawn):
        no_canary(text)


def test_standing_alerts_of_an_analyst_cleared_for_a_tell_nothing_of_b(app: Any) -> None:
    """Alerts a user cleared for A sets on B's records (named directly), on B's phone, on a
    phone A and B share and on a place beside B's: evaluated over every load, they tell
    A's links and nothing of B."""
    from access import notices
    from access.users import get_user
    from watch import alerts, evaluate
    from workbench.services import services

    s = services()
    ana = get_user(s.db, "ana")
    for name, kind, target in (
        ("b person", "subject", {"uid": "B:pb"}),
        ("b phone", "identifier", {"uid": "phone:CANARY-B"}),
        ("shared phone", "identifier", {"uid": "phone:+15550009"}),
        ("near B's place", "place", {"lat": 40.0001, "lon": -73.0, "radius_m": 50}),
        ("co-offenders of B", "query", {"query": "co_offenders", "params": {"subject": "B:pb"}}),
    ):
        alerts.add(s.db, ana, name, kind, target)
    told = evaluate.evaluate(s.db, s.graph, s.settings, None)
    bodies = [n.body for n in notices.inbox(s.db, ["A"], "ana") if n.kind == "alert"]
    no_canary(json.dumps(bodies))
    by_name = {b["alert"]: b for b in bodies}
    assert "A:p4" in by_name["shared phone"]["records"]  # A's own link to the shared phone
    assert not {"b person", "b phone", "co-offenders of B"} & set(by_name)
    assert not [d for d in told if d.error]
