"""The investigator's path through the workbench, in real headless Chromium.

Sign in, search a known person, chart them, double-click to expand, find the path to a second
person, undo; a user cleared for one agency never sees another's records. Screenshots go to
tests/e2e/artifacts/.
"""

from __future__ import annotations

from typing import Any

import pytest

from charts.chart import ChartState
from charts.elements import caption
from graph import explore
from graph.scope import Scope
from resolve import explain, review_queue

from .conftest import ARTIFACTS, PASSWORDS, Workbench


def S(*codes: str) -> Scope:
    """The scope of a test user cleared for these agencies."""
    return Scope.cleared("test-user", codes)


ALL = S("MPD", "CSO", "GTF")


def sign_in(page: Any, url: str, user: str) -> None:
    page.goto(url + "/")
    page.fill("#username", user)
    page.fill("#password", PASSWORDS[user])
    page.click("#sign-in")
    page.wait_for_selector("#chart")
    # (predicates are functions, not expression strings: the app's CSP forbids eval)
    page.wait_for_function("() => document.querySelector('#chart')._cyreg !== undefined")


def chart_elements(page: Any) -> dict[str, Any]:
    return page.evaluate(
        """() => { const cy = document.querySelector('#chart')._cyreg.cy;
        return {nodes: cy.nodes().map(n => n.data()), edges: cy.edges().map(e => e.data())}; }"""
    )


def node_count(page: Any) -> int:
    return page.evaluate("() => document.querySelector('#chart')._cyreg.cy.nodes().length")


def wait_nodes(page: Any, predicate: str) -> None:
    try:
        page.wait_for_function(
            f"() => {{ const n = document.querySelector('#chart')._cyreg.cy.nodes().length;"
            f" return {predicate}; }}"
        )
    except Exception:
        history = page.evaluate("() => document.querySelector('#history')?.innerText")
        message = page.evaluate("() => document.querySelector('#chart-message')?.innerText")
        raise AssertionError(
            f"chart never had {predicate}: {node_count(page)} nodes; history: {history!r}; "
            f"message: {message!r}; console: {page.console_errors[:5]}"
        ) from None


def settle(page: Any) -> None:
    """Wait until neither the layout nor the page around the chart moves nodes (a click
    must land on its target)."""
    last = None
    for _ in range(50):
        now = page.evaluate(
            "() => { const cy = document.querySelector('#chart')._cyreg.cy;"
            " const r = cy.container().getBoundingClientRect();"
            " return [[Math.round(r.left), Math.round(r.top)]].concat(cy.nodes().map(n =>"
            " [Math.round(n.renderedPosition().x), Math.round(n.renderedPosition().y)])); }"
        )
        if now == last:
            return
        last = now
        page.wait_for_timeout(150)


SELECTED_IN_DASH = """ids => {
  // the chart's selectedNodeData in Dash's own store (what a callback's State reads; the
  // component's React props can lag behind it when Dash skips a re-render on a busy page):
  // true once every one of ids is in it
  const layout = window.dash_component_api && window.dash_component_api.getLayout('chart');
  const have = new Set(((layout && layout.props.selectedNodeData) || []).map(d => d.id));
  return ids.every(i => have.has(i));
}"""


def wait_selected(page: Any, ids: list[str]) -> None:
    """Wait until Dash has these nodes selected (dash-cytoscape sends the selection after a
    debounce): an event to wait on, not a fixed pause."""
    page.wait_for_function(SELECTED_IN_DASH, arg=ids)


NODE_POINT = """(id) => {
  // a point on the node that no other node covers (a user clicks the part they can see),
  // in page coordinates; the node's centre when nothing overlaps it
  const cy = document.querySelector('#chart')._cyreg.cy;
  const node = cy.getElementById(id);
  const box = node.renderedBoundingBox({includeLabels: false});
  const others = cy.nodes().filter(n => n.id() !== id)
    .map(n => n.renderedBoundingBox({includeLabels: false}));
  const free = (x, y) => !others.some(o => x >= o.x1 && x <= o.x2 && y >= o.y1 && y <= o.y2);
  const c = node.renderedPosition();
  let at = [c.x, c.y];
  if (!free(c.x, c.y)) {
    for (let i = 1; i < 8; i++) for (let j = 1; j < 8; j++) {
      const x = box.x1 + (box.w * i) / 8, y = box.y1 + (box.h * j) / 8;
      if (free(x, y)) { at = [x, y]; i = j = 8; }
    }
  }
  const r = cy.container().getBoundingClientRect();
  return [r.left + at[0], r.top + at[1]];
}"""


def node_xy(page: Any, uid: str) -> tuple[float, float]:
    settle(page)
    return page.evaluate(NODE_POINT, uid)


def selected_on_chart(page: Any) -> set[str]:
    return set(
        page.evaluate(
            "() => document.querySelector('#chart')._cyreg.cy.nodes(':selected').map(n => n.id())"
        )
    )


def select_nodes(page: Any, uids: list[str]) -> None:
    """Click the first node and shift-click the rest, as a user does, until the chart has
    exactly these selected (a panel that re-renders between measuring and clicking can move
    the chart under the pointer: the user would click again), then wait for Dash to have
    the selection."""
    for _ in range(3):
        for i, uid in enumerate(uids):
            x, y = node_xy(page, uid)
            if i:
                page.keyboard.down("Shift")
            page.mouse.click(x, y)
            if i:
                page.keyboard.up("Shift")
        try:
            page.wait_for_function(
                "(ids) => { const s = document.querySelector('#chart')._cyreg.cy"
                ".nodes(':selected').map(n => n.id());"
                " return s.length === ids.length && ids.every(i => s.includes(i)); }",
                arg=uids,
                timeout=3_000,
            )
            break
        except Exception:
            page.wait_for_timeout(300)
    else:
        page.screenshot(path=str(ARTIFACTS / "failed-select.png"))
        raise AssertionError(f"clicking {uids} selected {sorted(selected_on_chart(page))}")
    wait_selected(page, uids)


def search_and_add(page: Any, text: str, uid: str) -> None:
    page.fill("#search-text", text)
    page.press("#search-text", "Enter")
    try:
        page.wait_for_function(
            "(t) => document.querySelector('#search-status').innerText.includes('“' + t + '”')",
            arg=text,
        )
    except Exception:
        page.screenshot(path=str(ARTIFACTS / "failed-search.png"))
        raise AssertionError(
            f"no answer to {text!r}: {page.inner_text('#search-status')!r}"
        ) from None
    box = page.locator(f"#search-results input[value='Person|{uid}']")
    try:
        box.wait_for(timeout=10_000)
    except Exception:
        page.screenshot(path=str(ARTIFACTS / "failed-search.png"))
        raise AssertionError(
            f"{uid} not in the results for {text!r}: {page.inner_text('#search-status')}"
            f" {page.console_errors}"
        ) from None
    box.check()
    before = node_count(page)
    page.click("#add-selected")
    wait_nodes(page, f"n > {before}")


def clear_chart(page: Any) -> None:
    page.click("#btn-clear")
    wait_nodes(page, "n === 0")


def drag_handle(page: Any, handle: int, to_right: bool) -> None:
    """Drag a handle of the timeline slider to one end of its track with the mouse (one
    release: one window change)."""
    track = page.locator("#timeline-range").bounding_box()
    box = page.locator("#timeline-range [role=slider]").nth(handle).bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    end = track["x"] + (track["width"] + 40 if to_right else -40)
    page.mouse.move(end, box["y"] + box["height"] / 2, steps=12)
    page.mouse.up()


def chart_with_neighbours(page: Any, url: str, user: str, person: dict[str, Any]) -> None:
    """Signed in as `user`, a fresh chart of one person expanded (double-click), settled."""
    sign_in(page, url, user)
    clear_chart(page)
    search_and_add(page, person["name"], person["uid"])
    page.mouse.dblclick(*node_xy(page, person["uid"]))
    wait_nodes(page, "n > 1")
    settle(page)


@pytest.fixture(scope="module")
def subjects(workbench: Workbench) -> dict[str, Any]:
    """Two MPD people joined by a short path, the first with a handful of neighbours."""
    g = workbench.graph
    rows = g.read(
        "MATCH (p:Person {agency: 'MPD'})-[r]-(m) WHERE m.agency = 'MPD' AND NOT m:Agency "
        "WITH p, count(r) AS degree WHERE 3 <= degree <= 12 "
        "RETURN p.uid AS uid, p.name AS name ORDER BY degree DESC, uid LIMIT 40"
    )
    for a in rows:
        for b in rows:
            if a["uid"] >= b["uid"]:
                continue
            paths = explore.shortest_paths(g, ("Person", a["uid"]), ("Person", b["uid"]), ALL)
            if 2 <= paths.hops <= 4:
                return {"a": a, "b": b, "paths": paths}
    raise AssertionError("the sample data has no two MPD people 2-4 hops apart")


def test_search_chart_expand_path_undo(
    workbench: Workbench, page: Any, subjects: dict[str, Any]
) -> None:
    a, b = subjects["a"], subjects["b"]
    sign_in(page, workbench.url, "sam")
    page.screenshot(path=str(ARTIFACTS / "01-signed-in.png"))

    # Search with a typo in the family name still finds the person.
    first, family = a["name"].split(" ", 1)
    typo = family[:-1] + ("x" if family[-1] != "x" else "y")
    search_and_add(page, f"{first} {typo}", a["uid"])
    assert [n["id"] for n in chart_elements(page)["nodes"]] == [a["uid"]]
    page.screenshot(path=str(ARTIFACTS / "02-added.png"))

    # Double-click expands: every neighbour the graph has for this person is on the chart.
    expected = explore.expand(workbench.graph, "Person", a["uid"], ALL)
    page.mouse.dblclick(*node_xy(page, a["uid"]))
    wait_nodes(page, "n > 1")
    charted = {n["id"] for n in chart_elements(page)["nodes"]}
    assert charted == {a["uid"]} | {e.uid for e in expected.entities}
    assert len(charted) - 1 == len(expected.entities) == expected.total
    assert "neighbour" in page.inner_text("#chart-message")
    page.screenshot(path=str(ARTIFACTS / "03-expanded.png"))

    # Details of the person: provenance (agency, source system, source record, load).
    page.mouse.click(*node_xy(page, a["uid"]))
    page.wait_for_selector("#details >> text=Provenance")
    details = page.inner_text("#details")
    assert "MPD" in details and "Source record" in details and "Load" in details

    # Add the second person and find the shortest path(s) between the two.
    search_and_add(page, b["name"], b["uid"])
    after_add = node_count(page)
    select_nodes(page, [a["uid"], b["uid"]])
    page.click("#btn-path")
    page.wait_for_selector("#chart-message >> text=shortest path")
    charted = {n["id"] for n in chart_elements(page)["nodes"]}
    assert {e.uid for e in subjects["paths"].entities} <= charted
    assert f"{subjects['paths'].hops} hop" in page.inner_text("#chart-message")
    page.screenshot(path=str(ARTIFACTS / "04-path.png"))

    # Undo takes the path off again; redo puts it back.
    page.click("#btn-undo")
    wait_nodes(page, f"n === {after_add}")
    page.click("#btn-redo")
    wait_nodes(page, f"n === {len(charted)}")
    page.click("#btn-undo")
    wait_nodes(page, f"n === {after_add}")
    page.screenshot(path=str(ARTIFACTS / "05-undone.png"))
    assert "History" in page.inner_text("body")
    assert not page.console_errors


def test_resolved_view_collapses_records_of_one_subject(workbench: Workbench, page: Any) -> None:
    g = workbench.graph
    cluster = g.read(
        "MATCH (p:Person) WITH p.cluster_id AS c, collect(p) AS ps WHERE size(ps) >= 2 "
        "AND size([x IN ps WHERE x.agency = 'MPD']) >= 1 RETURN c, ps[0].uid AS uid, "
        "ps[0].name AS name, size(ps) AS n ORDER BY n DESC, c LIMIT 1"
    )[0]
    sign_in(page, workbench.url, "sam")
    clear_chart(page)
    search_and_add(page, cluster["name"], cluster["uid"])
    page.mouse.dblclick(*node_xy(page, cluster["uid"]))
    wait_nodes(page, "n > 1")
    people = [n for n in chart_elements(page)["nodes"] if n.get("cluster") == cluster["c"]]
    assert len(people) >= 2  # the SAME_AS link brought the other agency's record
    page.click("#resolved-view")
    page.wait_for_function(
        "() => document.querySelector('#chart')._cyreg.cy.nodes('.subject').length === 1"
    )
    subject = next(n for n in chart_elements(page)["nodes"] if n["id"].startswith("subject:"))
    assert set(subject["members"]) == {p["id"] for p in people}
    page.screenshot(path=str(ARTIFACTS / "06-resolved-view.png"))
    page.click("#resolved-view")  # back to records
    page.wait_for_function(
        "() => document.querySelector('#chart')._cyreg.cy.nodes('.subject').length === 0"
    )


def test_analyst_cleared_for_one_agency_sees_only_it(workbench: Workbench, page: Any) -> None:
    g = workbench.graph
    # A name recorded by MPD and by another agency.
    shared = g.read(
        "MATCH (m:Person {agency: 'MPD'}), (o:Person {name: m.name}) WHERE o.agency <> 'MPD' "
        "RETURN m.name AS name, m.uid AS uid LIMIT 1"
    )[0]
    sign_in(page, workbench.url, "mia")
    clear_chart(page)
    page.fill("#search-text", shared["name"])
    page.press("#search-text", "Enter")
    page.wait_for_selector("#search-results input")
    values = page.eval_on_selector_all("#search-results input", "els => els.map(e => e.value)")
    agencies = set(
        page.eval_on_selector_all(
            "#search-results .badge", "els => els.map(e => e.innerText).filter(t => t !== 'INTEL')"
        )
    )
    assert values and agencies - {"shared"} == {"MPD"}
    page.locator(f"#search-results input[value='Person|{shared['uid']}']").check()
    page.click("#add-selected")
    wait_nodes(page, "n === 1")
    page.mouse.dblclick(*node_xy(page, shared["uid"]))
    page.wait_for_selector("#chart-message >> text=neighbour")
    els = chart_elements(page)
    # a shared phone or address has no agency of its own: MPD's links reach it
    assert {n["agency"] for n in els["nodes"] if not n.get("shared")} == {"MPD"}
    assert {e["agency"] for e in els["edges"]} <= {"MPD"}
    reached = {x for e in els["edges"] for x in (e["source"], e["target"])}
    assert all(n["id"] in reached for n in els["nodes"] if n.get("shared"))
    # Who else uses this? From the person: the people of MPD who share a phone, car or home
    select_nodes(page, [shared["uid"]])
    page.click("#btn-who-else")
    page.wait_for_selector("#chart-message >> text=/Who else uses it|No one else/")
    els = chart_elements(page)
    assert {n["agency"] for n in els["nodes"] if not n.get("shared")} == {"MPD"}
    assert {e["agency"] for e in els["edges"]} <= {"MPD"}
    page.mouse.click(*node_xy(page, shared["uid"]))
    page.wait_for_selector("#details >> text=Provenance")
    assert "CSO" not in page.inner_text("#details") and "GTF" not in page.inner_text("#details")
    assert page.locator("#adhoc-text").count() == 0  # ad-hoc Cypher: all-agency users only
    # The review page is for supervisors only.
    page.goto(workbench.url + "/review")
    page.wait_for_selector("text=Match review is for supervisors.")
    page.screenshot(path=str(ARTIFACTS / "07-analyst-one-agency.png"))


def test_supervisor_reviews_a_pending_pair(workbench: Workbench, page: Any) -> None:

    pending = review_queue.pending(workbench.graph, ALL, 25)
    assert pending, "the sample data should leave pairs for review"
    top = pending[0]
    sign_in(page, workbench.url, "sam")
    page.goto(workbench.url + "/review")
    page.wait_for_selector(".pair")
    page.screenshot(path=str(ARTIFACTS / "08-review.png"))
    total = review_queue.waiting(workbench.graph, ALL)
    assert f"{min(25, total)} of {total} pair(s) waiting" in page.inner_text("#review-list")
    # the strongest evidence first, in words: the field and what it found
    field, found, _weight = explain.reasons(top)[0]
    first = page.locator(".pair").first
    assert first.locator(".why-name").first.inner_text() == field
    assert first.locator(".why-found").first.inner_text() == found != ""
    for side in ("left", "right"):  # the compared address and phone, side by side
        shown = top[side].get("home") or "no address"
        assert first.get_by_text(shown, exact=True).count() >= 1
    page.locator(".pair").first.get_by_role("button", name="Reject").click()
    page.wait_for_selector("#review-message >> text=kept apart")
    said = page.inner_text("#review-message")  # people by name and agency, not record ids
    assert top["left"]["name"] in said and top["right"]["name"] in said
    assert top["left"]["uid"] not in said
    status = workbench.graph.read(
        "MATCH (:Person {uid: $a})-[s:SAME_AS]-(:Person {uid: $b}) RETURN s.status AS s, "
        "s.reviewer AS r",
        {"a": top["left"]["uid"], "b": top["right"]["uid"]},
    )[0]
    assert status == {"s": "rejected", "r": "sam"}
    ChartState()  # the chart module stays importable without a browser
    assert caption("Person", {"name": "x"}) == "x"


def pick_query(page: Any, text: str, about: str) -> None:
    clear = page.locator("#query-name .dash-dropdown-clear")
    if clear.count():  # typing into a dropdown that holds a value does not search
        clear.click()
        page.wait_for_selector("#query-about:empty", state="attached")
    page.click("#query-name")
    page.keyboard.type(text)
    page.get_by_role("option", name=text).first.click()
    page.wait_for_selector(f"#query-about >> text={about}")


def test_saved_queries_put_graphs_on_the_chart_and_tables_in_results(
    workbench: Workbench, page: Any
) -> None:
    g = workbench.graph
    gang = g.read(
        "MATCH (g:Gang)<-[:MEMBER_OF]-(p:Person) WITH g, count(p) AS n "
        "RETURN g.name AS name, n ORDER BY n, name LIMIT 1"
    )[0]
    sign_in(page, workbench.url, "sam")
    clear_chart(page)
    pick_query(page, "members of a gang", "Recorded members of a gang")
    page.fill("#query-form input[type=text]", gang["name"])
    page.locator("#query-form .form-check-input").uncheck()  # members only
    page.click("#query-show-cypher")
    page.wait_for_selector("#query-cypher-text >> text=MEMBER_OF")
    page.click("#query-run")
    page.wait_for_selector("#query-status >> text=on the chart")
    wait_nodes(page, f"n === {gang['n'] + 1}")  # the gang and every recorded member
    els = chart_elements(page)
    assert {n["type"] for n in els["nodes"]} == {"Gang", "Person"}
    assert all(e["type"] == "MEMBER_OF" for e in els["edges"])
    page.screenshot(path=str(ARTIFACTS / "09-saved-query-graph.png"))
    # Analyse: in a gang's membership star, the gang is the broker
    page.get_by_role("tab", name="Analyse").click()
    page.click("#analysis-run")
    page.wait_for_selector("#analysis-ranking")
    first = page.inner_text("#analysis-ranking tbody tr:first-child td:nth-child(2)")
    assert first == gang["name"]
    said = page.inner_text("#analysis-method")  # what was computed, in words
    assert "Everything on the chart" in said and "each pair is counted once" in said
    assert "Unweighted" in said and "modularity" in said
    page.screenshot(path=str(ARTIFACTS / "09b-analysis.png"))
    page.click("#analysis-reset")
    page.get_by_role("tab", name="Details").click()
    page.click("#btn-undo")  # a query's answer is one undoable step
    wait_nodes(page, "n === 0")

    pick_query(page, "keep coming back", "Addresses with at least")
    page.fill("#query-form input[type=number]", "2")
    page.click("#query-run")
    page.wait_for_selector("#query-results table")
    rows = page.locator("#query-results tbody tr").count()
    expected = len(
        g.read(
            "MATCH (l:Location)<-[:OCCURRED_AT]-(i:Incident)-[:INVOLVED_DRUG]->() "
            "WITH l, count(DISTINCT i) AS n WHERE n >= 2 RETURN l"
        )
    )
    assert rows == min(expected, 200) and rows > 0
    page.screenshot(path=str(ARTIFACTS / "10-saved-query-table.png"))

    # Ad-hoc Cypher (sam is cleared for every agency): writes are refused, reads answer.
    page.fill("#adhoc-text", "MATCH (p:Person) SET p.flag = 1 RETURN p")
    page.click("#adhoc-run")
    page.wait_for_selector("#query-status >> text=only read-only")
    page.fill("#adhoc-text", f"MATCH (g:Gang {{name: '{gang['name']}'}}) RETURN g")
    page.click("#adhoc-run")
    wait_nodes(page, "n === 1")
    assert not g.read("MATCH (p:Person) WHERE p.flag IS NOT NULL RETURN p LIMIT 1")
    assert not page.console_errors


def test_personal_queries_are_written_saved_run_imported_and_deleted(
    workbench: Workbench, page: Any, tmp_path: Any
) -> None:
    g = workbench.graph
    gang = g.read(
        "MATCH (g:Gang)<-[:MEMBER_OF]-(p) RETURN g.name AS name, count(p) AS n "
        "ORDER BY n, name LIMIT 1"
    )[0]
    sign_in(page, workbench.url, "sam")
    clear_chart(page)
    pick_query(page, "members of a gang", "Recorded members of a gang")
    page.click("#query-edit")  # starts from a copy of the selected library query
    page.wait_for_selector("#query-editor-text")
    text = page.input_value("#query-editor-text")
    assert "// name: my_gang_members" in text
    page.fill(
        "#query-editor-text",
        text.replace("title: Members of a gang", "title: Just the members").replace(
            "default: true", "default: false"
        ),
    )
    page.click("#query-save")
    page.wait_for_selector("#query-name >> text=mine · Just the members")
    page.wait_for_selector("#query-editor", state="detached")
    page.fill("#query-form input[type=text]", gang["name"])
    page.click("#query-run")
    page.wait_for_selector("#query-status >> text=on the chart")
    wait_nodes(page, f"n === {gang['n'] + 1}")
    page.screenshot(path=str(ARTIFACTS / "11-personal-query.png"))

    # A file that writes is refused on import; a valid one is imported.
    bad = tmp_path / "bad.cypher"
    bad.write_text(
        text.replace("// name: my_gang_members", "// name: bad_one").replace(
            "RETURN g, m, p, k, a", "SET p.x = 1 RETURN p"
        )
    )
    page.set_input_files("#query-upload input[type=file]", str(bad))
    page.wait_for_selector("#query-status >> text=not imported")
    good = tmp_path / "good.cypher"
    good.write_text(
        text.replace("// name: my_gang_members", "// name: imported_members").replace(
            "title: Members of a gang", "title: Imported members"
        )
    )
    page.set_input_files("#query-upload input[type=file]", str(good))
    page.wait_for_selector("#query-status >> text=Imported imported_members")
    page.click("#query-delete")
    page.wait_for_selector("#query-status >> text=Deleted.")
    page.click("#query-name")
    assert page.get_by_role("option", name="Imported members").count() == 0
    assert page.get_by_role("option", name="Just the members").count() == 1
    assert not page.console_errors


def test_export_dialog_downloads_the_chart_as_drawn(
    workbench: Workbench, page: Any, subjects: dict[str, Any]
) -> None:
    import json
    import re

    from lxml import etree
    from pypdf import PdfReader

    a = subjects["a"]
    chart_with_neighbours(page, workbench.url, "mia", a)
    drawn = page.evaluate(
        "() => document.querySelector('#chart')._cyreg.cy.nodes()"
        ".map(n => [n.id(), n.position().x, n.position().y])"
    )
    page.click("#export-open")
    try:
        page.wait_for_selector("text=Recipient (person")
    except Exception:
        page.screenshot(path=str(ARTIFACTS / "failed-export.png"))
        raise AssertionError(page.console_errors) from None
    page.click("#export-go")  # no recipient yet: refused with a reason
    page.wait_for_selector("#export-message >> text=receives it")
    page.screenshot(path=str(ARTIFACTS / "08-export-dialog.png"))

    page.fill("#export-case", "2026-MPD-0099")
    page.fill("#export-recipient", "ADA J. Doe")
    page.locator("#export-format label", has_text="SVG picture").click()
    with page.expect_download() as download:
        page.click("#export-go")
    assert download.value.suggested_filename == "civicfusion-2026-MPD-0099.svg"
    svg = etree.parse(download.value.path()).getroot()
    ns = "{http://www.w3.org/2000/svg}"
    xs = {
        g.get("id")[5:]: float(g.find(f"{ns}circle").get("cx"))
        for g in svg.iter(f"{ns}g")
        if g.get("class") == "node"
    }
    assert set(xs) == {i for i, _, _ in drawn}
    # drawn where the analyst saw it (scaled, shifted): the browser's left-to-right order
    seen_x = {i: x for i, x, _ in drawn}
    assert all(xs[i] > xs[j] for i in xs for j in xs if seen_x[i] - seen_x[j] > 1)
    page.wait_for_selector("#export-dialog", state="hidden")

    page.click("#export-open")
    page.locator("#export-format label", has_text="PDF report").click()
    with page.expect_download() as download:
        page.click("#export-go")
    text = "".join(p.extract_text() for p in PdfReader(download.value.path()).pages)
    assert "ADA J. Doe" in text and "2026-MPD-0099" in text and "Provenance appendix" in text
    assert not re.search(r"\b(CSO|GTF):", text)  # one agency's export holds only it
    with workbench.db.connect() as con:
        rows = con.execute("SELECT detail FROM audit WHERE action = 'export' ORDER BY seq")
        exports = [json.loads(r["detail"]) for r in rows]
    assert [(e["format"], e["recipient"], e["case"]) for e in exports[-2:]] == [
        ("svg", "ADA J. Doe", "2026-MPD-0099"),
        ("pdf", "ADA J. Doe", "2026-MPD-0099"),
    ]
    assert not page.console_errors


def test_case_chart_saved_listed_and_reopened_with_changes(
    workbench: Workbench, page: Any, subjects: dict[str, Any]
) -> None:
    a = subjects["a"]
    chart_with_neighbours(page, workbench.url, "mia", a)
    before = {n["id"] for n in chart_elements(page)["nodes"]}
    page.click("#case-save-open")
    page.wait_for_selector("text=Save the chart to a case")
    page.fill("#case-number", "2026-MPD-0100")
    page.fill("#case-title", "Crew around " + a["name"])
    page.fill("#case-notes", "Started from the robbery series.")
    page.click("#case-save")
    page.wait_for_selector("#chart-message >> text=Saved to case 2026-MPD-0100")
    clear_chart(page)

    # new records arrive at the subject after the chart was saved
    workbench.graph.write(
        "MATCH (p:Person {uid: $uid}) CREATE (p)-[:USES {uid: 'MPD:e2e-new-use', "
        "agency: 'MPD'}]->(:Phone {uid: 'MPD:e2e-ph', number: '+15550100', agency: 'MPD', "
        "source_system: 'rms', source_record_id: 'E2E-PH'})",
        {"uid": a["uid"]},
    )
    page.click("#nav-cases")
    page.wait_for_selector("text=2026-MPD-0100")
    page.screenshot(path=str(ARTIFACTS / "09-case-charts.png"))
    page.locator(".case-row", has_text="2026-MPD-0100").locator("text=Open").click()
    page.wait_for_selector("#chart-message >> text=Opened case chart")
    message = page.inner_text("#chart-message")
    assert "1 new link(s) and 1 new item(s)" in message, message
    wait_nodes(page, f"n === {len(before) + 1}")
    highlighted = page.evaluate(
        "() => document.querySelector('#chart')._cyreg.cy.elements('.highlight').map(e => e.id())"
    )
    assert "MPD:e2e-ph" in highlighted
    page.screenshot(path=str(ARTIFACTS / "10-case-reopened.png"))
    page.click("#btn-undo")  # one step back: the chart as it was saved
    wait_nodes(page, f"n === {len(before)}")
    assert {n["id"] for n in chart_elements(page)["nodes"]} == before
    workbench.graph.write("MATCH (n {uid: 'MPD:e2e-ph'}) DETACH DELETE n")
    assert not page.console_errors


def test_timeline_window_filters_the_chart_and_map_shows_places(
    workbench: Workbench, page: Any
) -> None:
    row = workbench.graph.read(
        "MATCH (p:Person {agency: 'MPD'})-[:INVOLVED_IN]->(i:Incident {agency: 'MPD'}) "
        "WITH p, count(DISTINCT i.occurred_at) AS n WHERE n >= 3 "
        "RETURN p.uid AS uid, p.name AS name ORDER BY n DESC, uid LIMIT 1"
    )[0]
    chart_with_neighbours(page, workbench.url, "mia", row)
    incidents = [n for n in chart_elements(page)["nodes"] if n["type"] == "Incident"]
    page.click('#right-tabs a:text-is("Time")')
    page.wait_for_selector(f"#timeline-lanes >> text=Incident ({len(incidents)})")
    assert page.locator("#timeline-lanes .tl-dot").count() == len(incidents)

    # the left handle dragged to the last month: only that month's incidents stay on the chart
    everything = len(chart_elements(page)["nodes"])
    drag_handle(page, 0, to_right=True)
    page.wait_for_selector("#timeline-summary >> text=inside")
    last = max(n["date"][:7] for n in incidents)
    page.wait_for_function(
        """(m) => document.querySelector('#chart')._cyreg.cy.nodes('.Incident')
            .every(n => n.data('date').slice(0, 7) === m)""",
        arg=last,
    )
    kept = [n for n in chart_elements(page)["nodes"] if n["type"] == "Incident"]
    assert 0 < len(kept) < len(incidents)
    assert row["uid"] in {n["id"] for n in chart_elements(page)["nodes"]}  # people stay
    page.screenshot(path=str(ARTIFACTS / "11-timeline-window.png"))
    drag_handle(page, 0, to_right=False)  # the whole span again
    wait_nodes(page, f"n === {everything}")

    # the incidents' places on the map, with a popup per place
    page.evaluate("() => document.querySelector('#chart')._cyreg.cy.nodes('.Incident').select()")
    # (a selection made in code does not always reach Dash in a long session, so this one
    # step still pauses for dash-cytoscape's debounce instead of waiting on the selection)
    page.wait_for_timeout(500)
    page.click("#btn-expand")
    page.wait_for_function(
        "() => document.querySelector('#chart')._cyreg.cy.nodes('.Location').length > 0"
    )
    places = page.evaluate(
        """() => document.querySelector('#chart')._cyreg.cy.nodes('.Location')
            .filter(n => n.data('lat') !== undefined).map(n => n.data('name'))"""
    )
    assert places, "the sample incidents have geocoded places"
    page.click('#right-tabs a:text-is("Map")')
    page.wait_for_selector("#place-map path.leaflet-interactive")
    assert page.locator("#place-map path.leaflet-interactive").count() == len(places)
    page.locator("#place-map path.leaflet-interactive").first.click()
    page.wait_for_selector(".leaflet-popup-content >> text=Linked on the chart")
    assert page.inner_text(".leaflet-popup-content").split("\n")[0] in places
    page.screenshot(path=str(ARTIFACTS / "12-map.png"))
    assert not page.console_errors
    # offline: a tile that cannot be fetched brings a plain notice, not just a grey canvas
    assert not page.is_visible("#map-notice")
    page.evaluate(
        "() => { document.querySelector('#place-map img.leaflet-tile').src ="
        " 'http://127.0.0.1:9/tile.png'; }"
    )
    page.wait_for_selector("#map-notice", state="visible")
    assert "could not be fetched" in page.inner_text("#map-notice")


def positions(page: Any) -> dict[str, tuple[float, float]]:
    return {
        k: (round(v[0], 1), round(v[1], 1))
        for k, v in page.evaluate(
            "() => Object.fromEntries(document.querySelector('#chart')._cyreg.cy.nodes()"
            ".map(n => [n.id(), [n.position().x, n.position().y]]))"
        ).items()
    }


def test_expand_all_selected_keeps_everyone_in_place_and_keys_work(
    workbench: Workbench, page: Any, subjects: dict[str, Any]
) -> None:
    a = subjects["a"]
    chart_with_neighbours(page, workbench.url, "sam", a)
    before = positions(page)
    # Ctrl+A selects every node; Expand goes through all of them, not only the first few
    page.mouse.click(*node_xy(page, a["uid"]))
    page.keyboard.press("Control+a")
    wait_selected(page, sorted(before))
    page.click("#btn-expand")
    page.wait_for_selector(f"#chart-message >> text=Expanded {len(before)} node(s)")
    settle(page)
    after = positions(page)
    moved = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
    assert not moved, f"existing nodes moved on expand: {list(moved.items())[:3]}"
    wanted = set(before)
    for uid in before:
        label = next(n["type"] for n in chart_elements(page)["nodes"] if n["id"] == uid)
        wanted |= {e.uid for e in explore.expand(workbench.graph, label, uid, ALL).entities}
    assert set(after) == wanted  # every neighbour of every selected node
    new = [after[k] for k in set(after) - set(before)]
    assert len({xy for xy in new}) == len(new) and (0.0, 0.0) not in new  # all placed apart
    # Ctrl+Z undoes, Ctrl+Y redoes, Esc unselects, Delete removes the selection
    page.keyboard.press("Control+z")
    wait_nodes(page, f"n === {len(before)}")
    page.keyboard.press("Control+y")
    wait_nodes(page, f"n === {len(after)}")
    page.keyboard.press("Escape")
    page.wait_for_function(
        "() => document.querySelector('#chart')._cyreg.cy.nodes(':selected').length === 0"
    )
    victim = next(k for k in sorted(set(after) - set(before)))
    page.mouse.click(*node_xy(page, victim))
    page.wait_for_selector("#details >> text=Provenance")
    wait_selected(page, [victim])
    page.keyboard.press("Delete")
    wait_nodes(page, f"n === {len(after) - 1}")
    page.wait_for_function("() => document.querySelector('#details').innerText.trim() === ''")
    assert not page.console_errors


def test_capped_expand_says_how_many_are_left_and_brings_the_next(
    workbench: Workbench, page: Any, subjects: dict[str, Any]
) -> None:
    a = subjects["a"]
    degree = explore.expand(workbench.graph, "Person", a["uid"], ALL).total
    assert degree >= 3
    sign_in(page, workbench.url, "sam")
    clear_chart(page)
    search_and_add(page, a["name"], a["uid"])
    page.fill("#expand-cap", "1")
    page.mouse.dblclick(*node_xy(page, a["uid"]))
    wait_nodes(page, "n === 2")
    label = next(n["label"] for n in chart_elements(page)["nodes"] if n["id"] == a["uid"])
    assert f"(+{degree - 1} more)" in label
    assert "Expand again for the next 1" in page.inner_text("#chart-message")
    page.mouse.dblclick(*node_xy(page, a["uid"]))  # the next one, not the same one again
    wait_nodes(page, "n === 3")
    page.fill("#path-hops", "12")
    select_nodes(page, [a["uid"], next(n for n in positions(page) if n != a["uid"])])
    page.click("#btn-path")
    page.wait_for_selector("#chart-message >> text=whole number from 1 to 10")
