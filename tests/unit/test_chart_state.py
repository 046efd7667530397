"""The link chart's history and resolved view, as plain data."""

from __future__ import annotations

from charts.chart import ChartState, collapse


def person(uid: str, name: str, agency: str, cluster: str | None = None) -> dict:
    return {
        "data": {
            "id": uid,
            "type": "Person",
            "name": name,
            "label": name,
            "agency": agency,
            "cluster": cluster or uid,
        },
        "classes": "Person",
    }


def link(i: str, s: str, t: str, type_: str = "KNOWS", agency: str = "A") -> dict:
    return {
        "data": {"id": i, "source": s, "target": t, "type": type_, "agency": agency},
        "classes": type_,
    }


def test_add_undo_redo_and_back_to_any_step() -> None:
    c = ChartState()
    c.add([person("a", "Ann", "A")], [], "Added Ann")
    c.add([person("b", "Bob", "A")], [link("ab", "a", "b")], "Added Bob")
    c.remove(["a"])
    assert c.node_ids() == ["b"] and c.counts()["edges"] == 0
    assert c.undo() and c.node_ids() == ["a", "b"] and c.counts()["edges"] == 1
    assert c.redo() and c.node_ids() == ["b"]
    assert not c.redo()
    c.go(1)
    assert c.node_ids() == ["a"]
    c.add([person("z", "Zed", "A")], [], "Added Zed")  # a new step drops the redo branch
    assert [s.label for s in c.steps] == ["New chart", "Added Ann", "Added Zed"]
    assert "b" not in c.elements  # data no step refers to is dropped


def test_edges_need_both_ends_and_repeats_add_nothing() -> None:
    c = ChartState()
    assert c.add([person("a", "Ann", "A")], [link("ax", "a", "x")], "Added") == (1, 0)
    assert c.add([person("a", "Ann", "A")], [], "Again") == (0, 0)
    assert len(c.steps) == 2


def test_hide_pin_layout_and_history_cap() -> None:
    c = ChartState(max_steps=5)
    c.add([person("a", "Ann", "A"), person("b", "Bob", "A")], [link("ab", "a", "b")], "Added")
    c.hide(["a"])
    assert [e["data"]["id"] for e in c.view()] == ["b"]  # the link hides with its end
    c.show_hidden()
    c.toggle_pin(["b"])
    pinned = next(e for e in c.view() if e["data"]["id"] == "b")
    assert pinned["locked"] and "pinned" in pinned["classes"]
    c.set_layout("dagre")
    c.set_layout("cola")
    assert len(c.steps) == 5 and c.current.layout == "cola"
    c.undo()
    assert c.current.layout == "dagre"


def test_view_drops_agencies_the_viewer_is_not_cleared_for() -> None:
    c = ChartState()
    c.add(
        [person("a", "Ann", "A"), person("b", "Bob", "B")],
        [link("ab", "a", "b", agency="A")],
        "Added",
    )
    assert {e["data"]["id"] for e in c.view({"A"})} == {"a"}


def test_resolved_view_collapses_a_cluster_and_keeps_its_records() -> None:
    c = ChartState()
    c.add(
        [
            person("a1", "Jon Smith", "A", "S-1"),
            person("b1", "Jonathan Smyth", "B", "S-1"),
            person("x", "Other", "A"),
        ],
        [link("same", "a1", "b1", "SAME_AS"), link("k", "b1", "x")],
        "Added",
    )
    c.set_resolved(True)
    view = c.view()
    subject = next(e for e in view if e["data"]["id"] == "subject:S-1")
    assert subject["data"]["members"] == ["a1", "b1"]
    assert subject["data"]["agencies"] == ["A", "B"]
    edges = [e["data"] for e in view if "source" in e["data"]]
    assert edges == [
        {"id": "k", "source": "subject:S-1", "target": "x", "type": "KNOWS", "agency": "A"}
    ]
    assert c.refs(["subject:S-1"]) == [("Person", "a1"), ("Person", "b1")]
    c.undo()
    assert not c.current.resolved and len(c.view()) == 5


def test_a_lone_record_of_a_cluster_is_not_collapsed() -> None:
    out = collapse([person("a", "Ann", "A", "S-9")], [])
    assert out[0]["data"]["id"] == "a"


def test_round_trip_through_json() -> None:
    c = ChartState()
    c.add([person("a", "Ann", "A")], [], "Added Ann")
    again = ChartState.from_dict(c.to_dict())
    assert again.to_dict() == c.to_dict()


def test_a_path_already_on_the_chart_is_still_a_highlighted_step() -> None:
    c = ChartState()
    c.add([person("a", "Ann", "A"), person("b", "Bob", "A")], [link("ab", "a", "b")], "Added")
    assert c.add(
        [person("a", "Ann", "A"), person("b", "Bob", "A")],
        [link("ab", "a", "b")],
        "Path",
        highlight=True,
    ) == (0, 0)
    assert c.current.label == "Path" and c.current.highlight == ["a", "ab", "b"]
    assert all("highlight" in e["classes"] for e in c.view())
    c.hide(["a"])  # the next change ends the highlight
    assert c.current.highlight == []
    c.undo()
    c.undo()
    assert c.current.label == "Added" and c.current.highlight == []


def incident(uid: str, day: str, intel: bool = False) -> dict:
    return {
        "data": {
            "id": uid,
            "type": "Incident",
            "name": uid,
            "agency": "A",
            "date": day,
            "intel": intel,
        },
        "classes": "Incident",
    }


def test_time_window_filters_dated_items_only_and_survives_saving() -> None:
    from charts import timeline

    c = ChartState()
    c.add(
        [
            person("p", "Ann", "A"),
            incident("i1", "2021-03-04T10:00:00"),
            incident("i2", "2023-07-01"),
            incident("i3", "2023-08-31", intel=True),
        ],
        [link("r1", "p", "i1"), link("r2", "p", "i2")],
        "Added",
    )
    items = timeline.dated(c.view())
    assert [(i.id, i.lane) for i in items] == [
        ("i1", "Incident"),
        ("i2", "Incident"),
        ("i3", "Intelligence"),
    ]
    lo, hi = timeline.month(items[0].day), timeline.month(items[-1].day)
    assert timeline.window_of(hi - 1, hi) == ("2023-07-01", "2023-08-31")
    c.window = list(timeline.window_of(hi - 1, hi))
    shown = {e["data"]["id"] for e in c.view()}
    assert shown == {"p", "i2", "i3", "r2"}  # people stay; i1 and its link leave
    watched = person("q", "Bo", "A")  # a gang intelligence record of a person, dated 2021
    watched["data"].update(intel=True, date="2021-01-05")
    c.add([watched], [], "Added")
    shown = {e["data"]["id"] for e in c.view()}
    assert "q" in shown  # an intelligence person stays too (the help text says people stay)
    assert len(timeline.dated(c.view(timed=False))) == 4  # the timeline still sees all
    again = ChartState.from_dict(c.to_dict())
    assert again.window == c.window and {e["data"]["id"] for e in again.view()} == shown
    assert timeline.marks(lo, hi)[2022 * 12] == "2022"
    c.clear()
    assert c.window is None


def test_two_records_of_one_name_differ_by_agency_on_the_chart() -> None:
    from charts import elements
    from charts.style import agency_colour, stylesheet
    from graph.explore import Entity

    a = elements.node(
        Entity("Person", "A:p1", {"name": "Ann Lee", "agency": "MPD", "dob": "1990-01-01"})
    )
    b = elements.node(Entity("Person", "B:p1", {"name": "Ann Lee", "agency": "CSO"}))
    assert a["data"]["label"] == "Ann Lee\n1990-01-01 · MPD" and b["data"]["label"].endswith("CSO")
    c = ChartState()
    c.add([a, b], [], "Added")
    assert all("by-agency" not in n["classes"] for n in c.view())
    c.colour_by = "agency"
    shown = {n["data"]["id"]: n for n in ChartState.from_dict(c.to_dict()).view()}
    assert all("by-agency" in n["classes"] for n in shown.values())
    assert shown["A:p1"]["data"]["agency_colour"] == agency_colour("MPD")
    assert agency_colour("MPD") != agency_colour("CSO")
    assert any(r["selector"] == "node.by-agency" for r in stylesheet())


def test_parallel_links_combine_into_one_line_or_show_each() -> None:
    c = ChartState()
    calls = [
        {
            "data": {
                "id": f"c{i}",
                "source": "p",
                "target": "q",
                "type": "CALLED",
                "label": "called",
                "agency": "A",
            }
        }
        for i in range(5)
    ]
    c.add([person("p", "Ann", "A"), person("q", "Bo", "A")], calls, "Added")
    [line] = [e for e in c.drawn() if "source" in e["data"]]
    assert line["data"]["links"] == 5 and "\u00d75" in line["data"]["label"]
    assert "bundle" in line["classes"] and c.counts()["lines"] == 1
    c.combine = False
    again = ChartState.from_dict(c.to_dict())
    assert len([e for e in again.drawn() if "source" in e["data"]]) == 5
    assert again.counts()["lines"] == 5
