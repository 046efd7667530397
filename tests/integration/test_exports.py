"""Exported charts re-read by independent parsers (networkx, csv, json, lxml for SVG and ANX,
Pillow for PNG, pypdf for the PDF): counts and the provenance of every item survive, and a
one-agency user's export holds no other agency's record. The command line does the same."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
from lxml import etree
from PIL import Image
from pypdf import PdfReader

from charts import actions
from charts.chart import ChartState
from exports import drawing, formats, glyphs
from graph import explore
from graph.db import Graph
from graph.scope import Scope


def S(*codes: str) -> Scope:
    """The scope of a test user cleared for these agencies."""
    return Scope.cleared("test-user", codes)


ALL = S("MPD", "CSO", "GTF")
ARTIFACTS = Path(__file__).parents[1] / "e2e" / "artifacts"
BANNER = "LAW ENFORCEMENT SENSITIVE - TEST BANNER"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def chart(sample_graph: Graph, person: dict) -> ChartState:
    c = ChartState()
    actions.add_entities(c, sample_graph, ALL, [("Person", person["uid"])])
    actions.expand(c, sample_graph, ALL, [person["uid"], person["other"]])
    return c


def head(case: str = "2026-GTF-0042") -> dict[str, str]:
    return formats.header(
        "ana", ALL, BANNER, case=case, title="Smith crew", recipient="ADA J. Doe", purpose="p"
    )


def provenance_of(graph: Graph, chart: ChartState, agencies: list[str]) -> dict[str, dict]:
    view = chart.view(set(agencies))
    nodes = [r for n in view if "source" not in n["data"] for r in chart.refs([n["data"]["id"]])]
    links = {e["data"]["id"]: e["data"]["element_id"] for e in view if "source" in e["data"]}
    return explore.provenance(graph, nodes, links, agencies)


def counts(chart: ChartState, agencies: list[str] = ALL) -> tuple[int, int]:
    view = chart.view(set(agencies))
    return sum("source" not in e["data"] for e in view), sum("source" in e["data"] for e in view)


def test_graphml_csv_json_keep_counts_and_provenance(
    sample_graph: Graph, chart: ChartState
) -> None:
    n_nodes, n_links = counts(chart)
    hdr = {**head(), "purpose": "=cmd|' /C calc'!A0"}
    g = nx.read_graphml(
        io.StringIO(formats.of_chart(sample_graph, chart, ALL, "graphml", hdr).content)
    )
    assert (g.number_of_nodes(), g.number_of_edges()) == (n_nodes, n_links)
    assert all(d["source_record_id"] and d["agency"] for _, d in g.nodes(data=True))
    assert all(d["source_record_id"] for _, _, d in g.edges(data=True))

    text = formats.of_chart(sample_graph, chart, ALL, "csv", hdr).content
    assert text.splitlines()[0].startswith("kind,id,")  # a plain header row first
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(text.splitlines()) == len(rows) + 1  # one line per row: no multi-line cells
    assert sum(r["kind"] == "node" for r in rows) == n_nodes
    assert sum(r["kind"] == "link" for r in rows) == n_links
    assert all(r["source_record_id"] for r in rows)
    assert all(r["export_purpose"].startswith("'=cmd") for r in rows)  # formula-safe
    assert all(r["export_handling"] == hdr["handling"] for r in rows)  # the caveat rides along
    frame = pd.read_csv(io.StringIO(text))
    assert list(frame.columns)[:2] == ["kind", "id"] and len(frame) == n_nodes + n_links

    doc = json.loads(formats.of_chart(sample_graph, chart, ALL, "json", hdr).content)
    assert len(doc["elements"]["nodes"]) == n_nodes and doc["exported"]["exported_by"] == "ana"
    assert doc["exported"]["recipient"] == "ADA J. Doe"


def test_the_analysis_export_says_what_was_computed(sample_graph: Graph, chart: ChartState) -> None:
    n_nodes, _ = counts(chart)
    out = formats.of_chart(sample_graph, chart, ALL, "analysis", head())
    assert out.filename == "civicfusion-2026-GTF-0042-analysis.csv"
    text = str(out.content)
    rows = list(csv.DictReader(io.StringIO(text)))
    method = rows[0]["method"]
    assert "each pair is counted once" in method and "modularity" in method
    assert rows[0]["export_recipient"] == "ADA J. Doe"
    assert len(rows) == n_nodes and [int(r["rank"]) for r in rows] == list(range(1, n_nodes + 1))
    # degree, independently: distinct neighbours on the chart
    ref = nx.Graph()
    view = chart.view(set(ALL.agencies))
    ref.add_nodes_from(e["data"]["id"] for e in view if "source" not in e["data"])
    ref.add_edges_from(
        (e["data"]["source"], e["data"]["target"])
        for e in view
        if "source" in e["data"] and e["data"]["source"] != e["data"]["target"]
    )
    assert {r["id"]: float(r["degree"]) for r in rows} == {n: float(d) for n, d in ref.degree()}


def test_svg_and_png_are_the_chart_as_drawn(sample_graph: Graph, chart: ChartState) -> None:
    n_nodes, n_links = counts(chart)
    # positions as the browser reports them are kept (relative layout), not re-laid-out
    view = chart.view()
    ids = [e["data"]["id"] for e in view if "source" not in e["data"]]
    positions = {i: (float(k * 100), float((k % 3) * 80)) for k, i in enumerate(ids)}
    out = formats.of_chart(sample_graph, chart, ALL, "svg", head(), positions)
    assert out.filename == "civicfusion-2026-GTF-0042.svg"
    root = etree.fromstring(out.content.encode())
    nodes = root.findall(f".//{SVG}g[@class='node']")
    links = root.findall(f".//{SVG}g[@class='link']")
    assert (len(nodes), len(links)) == (n_nodes, n_links)
    xs = {n.get("id")[5:]: float(n.find(f"{SVG}circle").get("cx")) for n in nodes}
    assert sorted(xs, key=xs.get) == ids  # left-to-right order as drawn
    texts = "".join(root.itertext())
    assert BANNER in texts and "2026-GTF-0042 - Smith crew" in texts
    assert {t.text for t in root.findall(f".//{SVG}g[@class='legend']/{SVG}text")} >= {"Person"}

    png = formats.of_chart(sample_graph, chart, ALL, "png", head()).content
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "export-chart.png").write_bytes(png)  # looked at by a person, too
    img = Image.open(io.BytesIO(png))
    assert img.format == "PNG" and img.width >= 640
    banner = tuple(int(drawing.BANNER_COLOUR[i : i + 2], 16) for i in (1, 3, 5))
    assert img.convert("RGB").getpixel((3, 3)) == banner
    person = tuple(int("2563eb"[i : i + 2], 16) for i in (0, 2, 4))
    assert person in {c for _, c in img.convert("RGB").getcolors(1 << 20)}
    # every mark carries the screen's icon: the crop of its glyph box matches the glyph
    # (white where the icon is drawn, the type's colour where it is not), not a letter
    sc = drawing.scene(view, positions, "t", "banner")
    k = 1.5
    raster = Image.open(io.BytesIO(drawing.png(sc, k))).convert("L")
    checked = 0
    for m in sc.marks:
        side = max(6, round(m.r * 1.24 * k))
        x0, y0 = round(m.x * k - side / 2), round(m.y * k - side / 2)
        crop = raster.crop((x0, y0, x0 + side, y0 + side))
        want = glyphs.mask(m.type, side)
        white = [crop.getpixel(p) > 240 for p in _grid(side) if want.getpixel(p) == 255]
        other = [crop.getpixel(p) < 240 for p in _grid(side) if want.getpixel(p) == 0]
        assert sum(white) / len(white) > 0.95 and sum(other) / len(other) > 0.9, m.type
        checked += 1
    assert checked == n_nodes


def _grid(side: int) -> list[tuple[int, int]]:
    step = max(1, side // 12)
    return [(x, y) for x in range(1, side - 1, step) for y in range(1, side - 1, step)]


def test_pdf_report_cites_every_record(sample_graph: Graph, chart: ChartState) -> None:
    n_nodes, n_links = counts(chart)
    records = provenance_of(sample_graph, chart, ALL)
    out = formats.of_chart(sample_graph, chart, ALL, "pdf", head())
    (ARTIFACTS / "export-report.pdf").write_bytes(out.content)
    reader = PdfReader(io.BytesIO(out.content))
    pages = [p.extract_text() for p in reader.pages]
    assert len(pages) >= 4 and all(BANNER in p for p in pages)  # the banner on every page
    first = pages[0]
    for value in ("2026-GTF-0042", "ADA J. Doe", "ana", f"{n_nodes} entities, {n_links} links"):
        assert value in first
    appendix = "".join(pages[pages.index(next(p for p in pages if "Provenance appendix" in p)) :])
    flat = "".join(appendix.split())  # (cells wrap at spaces)
    missing = [
        r["source_record_id"]
        for r in records.values()
        if "".join(r["source_record_id"].split()) not in flat
    ]
    assert not missing, missing[:5]
    assert len(records) >= n_nodes  # every node and link has a record behind it
    assert reader.metadata.title == "Link chart 2026-GTF-0042"
    # one banner per page: the chart picture on the page does not draw its own again
    picture = next(img.image for page in reader.pages for img in page.images)
    banner = tuple(int(drawing.BANNER_COLOUR[i : i + 2], 16) for i in (1, 3, 5))
    assert picture.convert("RGB").getpixel((3, 3)) != banner


def test_resolved_subject_cites_each_agency_record(
    sample_graph: Graph, chart: ChartState, person: dict
) -> None:
    c = ChartState.from_dict(chart.to_dict())
    c.set_resolved(True)
    subject = next(e for e in c.view() if "subject" in e.get("classes", ""))
    members = subject["data"]["members"]
    assert person["uid"] in members and person["other"] in members
    records = provenance_of(sample_graph, c, ALL)
    pdf = formats.of_chart(sample_graph, c, ALL, "pdf", head()).content
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).replace("\n", "")
    for m in members:
        assert records[m]["source_record_id"] in text


def test_anx_opens_as_entities_links_and_cards(sample_graph: Graph, chart: ChartState) -> None:
    n_nodes, n_links = counts(chart)
    records = provenance_of(sample_graph, chart, ALL)
    root = etree.fromstring(formats.of_chart(sample_graph, chart, ALL, "anx", head()).content)
    assert root.tag == "Chart"
    entities = root.findall("ChartItemCollection/ChartItem/End/Entity")
    links = root.findall("ChartItemCollection/ChartItem/Link")
    assert (len(entities), len(links)) == (n_nodes, n_links)
    ids = {e.get("EntityId") for e in entities}
    assert all(lk.get("End1Id") in ids and lk.get("End2Id") in ids for lk in links)
    types = {t.get("Name") for t in root.findall("EntityTypeCollection/EntityType")}
    assert {e.find("Icon/IconStyle").get("Type") for e in entities} <= types
    for e in entities:
        card = e.find("CardCollection/Card")
        if e.get("Identity") in records:
            assert records[e.get("Identity")]["source_record_id"] in card.get("SourceReference")
        else:  # a shared phone or address cites the records of the links that reach it
            assert e.get("Identity").split(":")[0] in ("phone", "vehicle", "address")
            cited = card.get("SourceReference").split("Source record: ")[1].split("; ")
            known = {r["source_record_id"] for r in records.values()}
            assert cited and all(c in known for c in cited), cited
    for lk in links:
        assert lk.find("LinkStyle").get("Type") and lk.find("CardCollection/Card") is not None
    fields = {f.get("Type"): f.get("Field") for f in root.findall("Summary/FieldCollection/Field")}
    assert fields["SummaryFieldTitle"] == "2026-GTF-0042"
    # what Notebook needs for its timeline and attribute views, and link styles by type
    by_identity = {
        ci.find("End/Entity").get("Identity"): ci
        for ci in root.findall("ChartItemCollection/ChartItem")
        if ci.find("End/Entity") is not None
    }
    view = {e["data"]["id"]: e["data"] for e in chart.view() if "source" not in e["data"]}
    incidents = [u for u, d in view.items() if d["type"] == "Incident"]
    assert incidents
    for u in incidents:
        ci = by_identity[u]
        occurred = records[u]["facts"]["occurred_at"]
        assert ci.get("DateSet") == "true" and ci.get("DateTime")[:10] == str(occurred)[:10]
    person = next(
        u
        for u, d in view.items()
        if d["type"] == "Person" and u in records and records[u]["facts"].get("dob")
    )
    attrs = {
        a.get("AttributeClass"): a.get("Value")
        for a in by_identity[person].findall("AttributeCollection/Attribute")
    }
    assert attrs["Date of birth"].startswith(str(records[person]["facts"]["dob"])[:10])
    classes = {
        c.get("Name"): c.get("Type")
        for c in root.findall("AttributeClassCollection/AttributeClass")
    }
    assert classes["Date of birth"] == "AttTime" and set(attrs) <= set(classes)
    colours = {t.get("Name"): t.get("Colour") for t in root.findall("LinkTypeCollection/LinkType")}
    assert len(set(colours.values())) > 1 and "0" not in colours.values()
    assert all(lk.find("LinkStyle").get("LineWidth") for lk in links)
    # round trip: the file read back is the chart (every entity and link, by identity)
    assert set(by_identity) == set(view)
    assert {lk.get("Identity") for lk in links} == {
        e["data"]["id"] for e in chart.view() if "source" in e["data"]
    }


def test_one_agency_export_holds_only_that_agency(sample_graph: Graph, chart: ChartState) -> None:
    others = {
        r["source_record_id"]
        for r in provenance_of(sample_graph, chart, ALL).values()
        if r["agency"] != "MPD"
    }
    assert others  # the chart does hold other agencies' records
    for fmt in formats.FORMATS:
        out = formats.of_chart(sample_graph, chart, S("MPD"), fmt, head())
        if fmt == "pdf":
            text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(out.content)).pages)
        elif isinstance(out.content, bytes):
            text = out.content.decode("utf-8", "replace")
        else:
            text = out.content
        leaked = [r for r in others if r in text.replace("\n", "")]
        assert not leaked, (fmt, leaked[:3])


def test_export_chart_command(
    sample_graph: Graph, chart: ChartState, civicfusion, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    from access.appdb import AppDB
    from access.audit import utcnow, verify
    from access.users import add_user

    db = AppDB(tmp_path / "app.db")
    add_user(db, "mia", "mia-analyst-pass-1", "analyst", ["MPD"])
    db.save_chart("working:mia", "mia", chart.to_dict(), utcnow())
    target = tmp_path / "out.pdf"
    r = civicfusion(
        "export",
        "chart",
        "--as",
        "mia",
        "--recipient",
        "Sgt. Roe",
        "--case",
        "C-9",
        "-o",
        str(target),
    )
    assert r.returncode == 0, r.stderr
    n_mpd, _ = counts(chart, ["MPD"])
    assert f"{n_mpd} entities" in r.stdout
    text = "".join(p.extract_text() for p in PdfReader(target).pages)
    assert "Sgt. Roe" in text and "C-9" in text
    entry = [e for e in db_entries(db) if e["action"] == "export"][-1]
    assert entry["username"] == "mia" and entry["outcome"] == "ok"
    detail = json.loads(entry["detail"])
    assert (detail["recipient"], detail["case"], detail["format"]) == ("Sgt. Roe", "C-9", "pdf")
    assert verify(db)[0]
    r = civicfusion("export", "chart", "--as", "mia", "--recipient", " ", "-o", str(target))
    assert r.returncode == 1 and "recipient" in r.stderr and "Traceback" not in r.stderr


def db_entries(db) -> list[dict]:  # type: ignore[no-untyped-def]
    with db.connect() as con:
        return [dict(r) for r in con.execute("SELECT * FROM audit ORDER BY seq")]


def test_exports_name_the_agencies_whose_records_are_on_the_chart(
    sample_graph: Graph, chart: ChartState
) -> None:
    """28 CFR 23.20(e): a dissemination names the originating agencies of what it holds, not
    the exporting user's clearances."""
    on_chart = sorted(
        {
            r["agency"]
            for r in provenance_of(sample_graph, chart, ALL).values()
            if not r["agency"].startswith("entity resolution")  # a same-person link's
        }
    )
    mpd_only = ChartState()
    mine = [n for n in chart.view() if "source" not in n["data"] and n["data"]["agency"] == "MPD"]
    mpd_only.add(mine[:3], [], "MPD records")
    wide = formats.header("ana", ["MPD", "CSO", "GTF", "FBI"], "LES", "C-1", recipient="ADA")
    for c, expected in ((chart, on_chart), (mpd_only, ["MPD"])):
        out = formats.of_chart(sample_graph, c, ALL, "json", wide)
        assert json.loads(out.content)["exported"]["agencies"] == ", ".join(expected)
        pdf = formats.of_chart(sample_graph, c, ALL, "pdf", wide).content
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
        assert f"Agencies {', '.join(expected)}" in " ".join(text.split())
        assert "FBI" not in text


def test_a_same_person_link_cites_the_resolution_that_made_it(
    sample_graph: Graph, chart: ChartState
) -> None:
    same = [e for e in chart.view() if e["data"].get("type") == "SAME_AS"]
    assert same, "the sample chart holds a same-person link"
    records = provenance_of(sample_graph, chart, ALL)
    cited = records[same[0]["data"]["id"]]
    assert cited["agency"].startswith("entity resolution (")
    assert cited["source_record_id"].startswith("run er-") and "score" in cited["source_record_id"]
    out = formats.of_chart(sample_graph, chart, ALL, "json", head())
    assert "entity resolution" not in json.loads(out.content)["exported"]["agencies"]
