"""A link chart and its history, as plain data (no Dash, no Neo4j): testable on its own.

Every change (add, expand, path, remove, hide, pin, layout, resolved view) is a new step;
undo / redo move along the steps and "back to" jumps to any earlier one. A step stores element
ids only; element data is stored once per chart.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from charts import timeline
from charts.analysis import pair_weight
from charts.style import agency_colour
from graph.model import share_class
from graph.scope import Scope

LAYOUTS = ("fcose", "cola", "dagre", "concentric", "breadthfirst", "circle", "grid")
SUBJECT_PREFIX = "subject:"


def element_class(data: dict[str, Any]) -> str:
    """The sharing class of a chart element (stored with it; older elements: from its
    intelligence mark and type)."""
    return data.get("share_class") or (
        "intelligence" if data.get("intel") else share_class({}, data.get("type", ""))
    )


def reaches(agencies: Scope | set[str] | list[str], data: dict[str, Any]) -> bool:
    """Whether a viewer (a Scope: clearances and classes shared in full; or a set of
    agency codes) reaches a chart element of some agency."""
    if isinstance(agencies, Scope):
        return agencies.reads(data.get("agency"), element_class(data))
    return data.get("agency") in agencies


@dataclass
class Step:
    label: str
    nodes: list[str] = field(default_factory=list)
    edges: list[str] = field(default_factory=list)
    hidden: list[str] = field(default_factory=list)
    pinned: list[str] = field(default_factory=list)
    layout: str = "fcose"
    resolved: bool = False
    highlight: list[str] = field(default_factory=list)  # e.g. the path just found


@dataclass
class ChartState:
    elements: dict[str, dict[str, Any]] = field(default_factory=dict)
    steps: list[Step] = field(default_factory=lambda: [Step("New chart")])
    at: int = 0
    max_steps: int = 50
    # where nodes were drawn when a case chart was saved: drawn so again on reopening, until
    # the next change lays the chart out anew
    positions: dict[str, list[float]] = field(default_factory=dict)
    # the timeline's window [first day, last day]: dated incidents, arrests and intelligence
    # outside it are left off the chart (a filter, not a step of the history)
    window: list[str] | None = None
    # nodes coloured by entity type (default) or by the agency whose record they are
    colour_by: str = "type"
    # parallel links of one type drawn as one line with a count (i2's multiplicity), or each
    combine: bool = True

    # -- persistence ---------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return {
            "elements": self.elements,
            "steps": [s.__dict__ for s in self.steps],
            "at": self.at,
            "positions": self.positions,
            "window": self.window,
            "colour_by": self.colour_by,
            "combine": self.combine,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None, max_steps: int = 50) -> ChartState:
        if not data:
            return cls(max_steps=max_steps)
        return cls(
            elements=data["elements"],
            steps=[Step(**s) for s in data["steps"]],
            at=data["at"],
            max_steps=max_steps,
            positions=data.get("positions") or {},
            window=data.get("window"),
            colour_by=data.get("colour_by") or "type",
            combine=data.get("combine", True),
        )

    # -- reading -------------------------------------------------------------------------
    @property
    def current(self) -> Step:
        return self.steps[self.at]

    @property
    def can_undo(self) -> bool:
        return self.at > 0

    @property
    def can_redo(self) -> bool:
        return self.at < len(self.steps) - 1

    def node_ids(self) -> list[str]:
        return list(self.current.nodes)

    def element(self, element_id: str) -> dict[str, Any] | None:
        return self.elements.get(element_id)

    def refs(self, ids: list[str]) -> list[tuple[str, str]]:
        """(label, uid) of charted nodes; a resolved subject stands for all its records."""
        out: list[tuple[str, str]] = []
        on_chart = set(self.current.nodes)
        for i in ids:
            if i.startswith(SUBJECT_PREFIX):
                cluster = i[len(SUBJECT_PREFIX) :]
                out += [
                    (self.elements[n]["data"]["type"], n)
                    for n in self.current.nodes
                    if self.elements[n]["data"].get("cluster") == cluster
                ]
            elif i in on_chart:
                out.append((self.elements[i]["data"]["type"], i))
        return list(dict.fromkeys(out))

    # -- changing ------------------------------------------------------------------------
    def _push(self, step: Step) -> None:
        self.positions = {}
        self.steps = [*self.steps[: self.at + 1], step]
        if len(self.steps) > self.max_steps:
            self.steps = self.steps[-self.max_steps :]
        self.at = len(self.steps) - 1
        self._prune()

    def _next(self, label: str, **changes: Any) -> Step:
        cur = self.current
        values = {**cur.__dict__, "label": label, "highlight": [], **changes}
        return Step(**{k: list(v) if isinstance(v, list) else v for k, v in values.items()})

    def add(
        self,
        nodes: list[dict[str, Any]],
        edges: list[dict[str, Any]],
        label: str,
        highlight: bool = False,
    ) -> tuple[int, int]:
        """Add elements; returns (new nodes, new edges). Edges need both ends on the chart.
        ``highlight``: mark what was given (a path) and make it a step even if all of it was
        already charted."""
        cur = self.current
        node_ids = list(cur.nodes)
        have = set(node_ids)
        new_nodes = 0
        for n in nodes:
            i = n["data"]["id"]
            self.elements[i] = n
            if i not in have:
                have.add(i)
                node_ids.append(i)
                new_nodes += 1
        edge_ids = list(cur.edges)
        have_edges = set(edge_ids)
        new_edges = 0
        for e in edges:
            i, d = e["data"]["id"], e["data"]
            if d["source"] in have and d["target"] in have:
                self.elements[i] = e
                if i not in have_edges:
                    have_edges.add(i)
                    edge_ids.append(i)
                    new_edges += 1
        if new_nodes or new_edges or highlight:
            given = {n["data"]["id"] for n in nodes}
            marked = [*given, *(e["data"]["id"] for e in edges if e["data"]["id"] in have_edges)]
            self._push(
                self._next(
                    label,
                    nodes=node_ids,
                    edges=edge_ids,
                    hidden=[h for h in cur.hidden if h not in given],
                    highlight=sorted(marked) if highlight else [],
                )
            )
        return new_nodes, new_edges

    def remove(self, ids: list[str], label: str = "Removed") -> int:
        gone = {uid for _, uid in self.refs(ids)}
        if not gone:
            return 0
        cur = self.current
        self._push(
            self._next(
                label,
                nodes=[n for n in cur.nodes if n not in gone],
                edges=[
                    e
                    for e in cur.edges
                    if self.elements[e]["data"]["source"] not in gone
                    and self.elements[e]["data"]["target"] not in gone
                ],
                hidden=[h for h in cur.hidden if h not in gone],
                pinned=[p for p in cur.pinned if p not in gone],
            )
        )
        return len(gone)

    def hide(self, ids: list[str]) -> int:
        hide = {uid for _, uid in self.refs(ids)} - set(self.current.hidden)
        if hide:
            self._push(self._next("Hid items", hidden=[*self.current.hidden, *sorted(hide)]))
        return len(hide)

    def show_hidden(self) -> int:
        n = len(self.current.hidden)
        if n:
            self._push(self._next("Showed hidden items", hidden=[]))
        return n

    def toggle_pin(self, ids: list[str]) -> int:
        chosen = [uid for _, uid in self.refs(ids)]
        if not chosen:
            return 0
        pinned = set(self.current.pinned)
        if all(c in pinned for c in chosen):
            pinned -= set(chosen)
            label = "Unpinned items"
        else:
            pinned |= set(chosen)
            label = "Pinned items"
        self._push(self._next(label, pinned=sorted(pinned)))
        return len(chosen)

    def set_layout(self, layout: str) -> None:
        if layout not in LAYOUTS:
            raise ValueError(f"unknown layout {layout!r}")
        if layout != self.current.layout:
            self._push(self._next(f"Layout: {layout}", layout=layout))

    def set_resolved(self, resolved: bool) -> None:
        if resolved != self.current.resolved:
            label = "Resolved view on" if resolved else "Resolved view off"
            self._push(self._next(label, resolved=resolved))

    def clear(self) -> None:
        self.window = None
        if self.current.nodes:
            self._push(self._next("Cleared chart", nodes=[], edges=[], hidden=[], pinned=[]))

    def undo(self) -> bool:
        if self.can_undo:
            self.at -= 1
            return True
        return False

    def redo(self) -> bool:
        if self.can_redo:
            self.at += 1
            return True
        return False

    def go(self, index: int) -> None:
        if not 0 <= index < len(self.steps):
            raise IndexError(f"no step {index}")
        self.at = index

    def _prune(self) -> None:
        used = {i for s in self.steps for i in (*s.nodes, *s.edges)}
        for k in [k for k in self.elements if k not in used]:
            del self.elements[k]

    # -- what the chart shows --------------------------------------------------------------
    def view(
        self, agencies: Scope | set[str] | None = None, timed: bool = True
    ) -> list[dict[str, Any]]:
        """Cytoscape elements of the current step: hidden left out, pinned locked, records
        the viewer's scope no longer reaches dropped (a Scope: clearances and the classes
        agreements share; a set: those agencies), dated items outside the time window left
        out (unless ``timed`` is False), and clusters collapsed in resolved view."""
        cur = self.current
        hidden = set(cur.hidden)
        pinned = set(cur.pinned)

        def visible(el: dict[str, Any]) -> bool:
            return agencies is None or reaches(agencies, el["data"])

        def in_time(el: dict[str, Any]) -> bool:
            return not timed or timeline.inside(el["data"], self.window)

        links = [self.elements[e] for e in cur.edges if visible(self.elements[e])]
        # a shared identifier (no agency of its own) shows while a visible link reaches it
        reached = {x for e in links for x in (e["data"]["source"], e["data"]["target"])}

        def shown_node(n: str) -> bool:
            el = self.elements[n]
            seen = visible(el) or (el["data"].get("shared") and n in reached)
            return n not in hidden and bool(seen) and in_time(el)

        nodes = [self.elements[n] for n in cur.nodes if shown_node(n)]
        shown = {n["data"]["id"] for n in nodes}
        edges = [e for e in links if e["data"]["source"] in shown and e["data"]["target"] in shown]
        marked = set(cur.highlight)

        def classes(el: dict[str, Any]) -> str:
            i = el["data"]["id"]
            return (
                el.get("classes", "")
                + (" pinned" if i in pinned else "")
                + (" highlight" if i in marked else "")
            )

        out_nodes = [
            {**n, "locked": n["data"]["id"] in pinned, "classes": classes(n)} for n in nodes
        ]
        if self.colour_by == "agency":
            for n in out_nodes:
                code = n["data"].get("agency")
                n["data"] = {**n["data"], "agency_colour": agency_colour(code)}
                n["classes"] += " by-agency"
        for n in out_nodes:  # an expand that stopped at its limit: how many links are left
            if more := n["data"].get("more"):
                n["data"] = {**n["data"], "label": f"{n['data']['label']}\n(+{more} more)"}
                n["classes"] += " more"
        for n in out_nodes:
            if (xy := self.positions.get(n["data"]["id"])) is not None:
                n["position"] = {"x": xy[0], "y": xy[1]}
        edges = [{**e, "classes": classes(e)} if e["data"]["id"] in marked else e for e in edges]
        if cur.resolved:
            return collapse(out_nodes, edges)
        return out_nodes + edges

    def drawn(self, agencies: Scope | set[str] | None = None) -> list[dict[str, Any]]:
        """What the chart draws: ``view`` with parallel links bundled (``bundle``), unless
        the chart shows every link on its own."""
        view = self.view(agencies)
        return bundle(view) if self.combine else view

    def counts(self, agencies: Scope | set[str] | None = None) -> dict[str, int]:
        view = self.view(agencies)
        types = Counter(el["data"]["type"] for el in view if "source" not in el["data"])
        return {
            "nodes": sum(types.values()),
            "edges": sum(1 for el in view if "source" in el["data"]),
            "lines": sum(
                1 for el in (bundle(view) if self.combine else view) if "source" in el["data"]
            ),
            **types,
        }


def bundle(elements: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Parallel links of one type between the same two nodes drawn as one line, the way
    network analysis counts them (one pair): "called x9", with the links' combined weight
    (``analysis.pair_weight``) and their ids in ``members``. A single link is unchanged."""
    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    out: list[dict[str, Any]] = []
    for el in elements:
        d = el["data"]
        if "source" not in d:
            out.append(el)
            continue
        ends = sorted((d["source"], d["target"]))
        groups.setdefault((ends[0], ends[1], d["type"]), []).append(el)
    for members in groups.values():
        if len(members) == 1:
            out.append(members[0])
            continue
        first = members[0]
        data = {
            **first["data"],
            "label": " · ".join(
                f"{text} \u00d7{n}" if n > 1 else text
                for text, n in Counter(m["data"].get("label", "") for m in members).items()
            ),
            "members": [m["data"]["id"] for m in members],
            "links": len(members),
        }
        for k in ("network", "phase", "dataset"):
            data.pop(k, None)
        weight = pair_weight([m["data"] for m in members])
        if weight is not None:
            data["weight"] = weight
        classes = " ".join(dict.fromkeys(" ".join(m.get("classes", "") for m in members).split()))
        out.append({**first, "data": data, "classes": f"{classes} bundle".strip()})
    return out


def collapse(nodes: list[dict[str, Any]], edges: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Resolved view: the records of one subject (same cluster, two or more on the chart)
    become one node; their links move to it; SAME_AS links inside it disappear."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for n in nodes:
        cluster = n["data"].get("cluster")
        if cluster:
            groups.setdefault(cluster, []).append(n)
    merged: dict[str, str] = {}
    out: list[dict[str, Any]] = []
    for n in nodes:
        cluster = n["data"].get("cluster")
        members = groups.get(cluster or "", [])
        if len(members) < 2:
            out.append(n)
            continue
        sid = SUBJECT_PREFIX + cluster
        merged[n["data"]["id"]] = sid
        if members[0] is not n:
            continue
        names = Counter(m["data"]["name"] for m in members)
        agencies = sorted({m["data"]["agency"] for m in members})
        intel = any(m["data"].get("intel") for m in members)
        out.append(
            {
                "data": {
                    "id": sid,
                    "type": "Person",
                    "label": f"{names.most_common(1)[0][0]}\n{len(members)} records · "
                    + ", ".join(agencies),
                    "name": names.most_common(1)[0][0],
                    "agency": agencies[0],
                    "agencies": agencies,
                    "cluster": cluster,
                    "members": [m["data"]["id"] for m in members],
                    "intel": intel,
                },
                "classes": "Person subject" + (" intel" if intel else ""),
                "locked": any(m.get("locked") for m in members),
            }
        )
    for e in edges:
        d = e["data"]
        s, t = merged.get(d["source"], d["source"]), merged.get(d["target"], d["target"])
        if s == t:
            continue
        out.append({**e, "data": {**d, "source": s, "target": t}})
    return out
