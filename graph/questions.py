"""The saved query library: one ``queries/<name>.cypher`` file per question, with a YAML header.

    // name: co_offenders
    // title: Co-offenders of a subject
    // description: People involved in the same incidents as the subject.
    // category: people
    // parameters:
    //   subject: {type: string, description: uid of the person record}
    // returns: graph
    // revision: 1
    MATCH ...

Every query also receives ``$agencies`` (the caller's cleared agencies) and must filter every
node and relationship it returns by it. ``validate`` checks the header and the parameters
without a server; ``check_read_only`` asks the server (EXPLAIN) that the query only reads.
``run`` coerces parameters to their declared types, runs in a READ session with a timeout and
a row cap, and collects the nodes and relationships of "graph" queries for the chart.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml
from neo4j.graph import Node, Path, Relationship

from graph import cypher, guarded
from graph.db import Graph
from graph.explore import Entity, Link, jsonable
from graph.scope import Scope

CATEGORIES = (
    "people",
    "identifiers",
    "gangs",
    "narcotics",
    "places",
    "phones",
    "vehicles",
    "network analysis",
    "data quality",
    "compliance",
)
TYPES = ("string", "integer", "float", "boolean", "date", "strings", "subject")
# a subject parameter: a person record's uid or "subject:S-…" (the resolved view); the
# query receives the uids of every record of that subject the reader may see
SUBJECT_PREFIX = "subject:"
RETURNS = ("graph", "table")
RESERVED = guarded.RESERVED  # $agencies: bound from the caller's scope
HEADER_KEYS = {"name", "title", "description", "category", "parameters", "returns", "revision"}
_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_STRING = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"")
_LINE_COMMENT = re.compile(r"//[^\n]*")


class QueryError(ValueError):
    """A query file or a run request that is not valid; the message names the file/field."""


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str
    description: str = ""
    default: Any = None
    allowed: tuple[Any, ...] = ()
    optional: bool = False  # left empty: null, which the query reads as "any"

    @property
    def required(self) -> bool:
        return self.default is None and not self.optional

    def coerce(self, value: Any) -> Any:
        """A value from a form or the command line, as the declared type."""
        if value is None or value == "":
            if self.required:
                raise QueryError(f"parameter {self.name!r} is required ({self.description})")
            if self.default is None:
                return None  # an optional parameter left empty
            value = self.default
        try:
            if self.type == "integer":
                out: Any = int(value)
            elif self.type == "float":
                out = float(value)
            elif self.type == "boolean":
                out = (
                    value
                    if isinstance(value, bool)
                    else str(value).lower() in ("1", "true", "yes", "on")
                )
            elif self.type == "date":
                out = (
                    value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
                ).isoformat()
            elif self.type == "strings":
                out = (
                    value
                    if isinstance(value, list)
                    else [v.strip() for v in str(value).split(",") if v.strip()]
                )
            else:
                out = str(value)
        except ValueError as exc:
            raise QueryError(f"parameter {self.name!r} must be a {self.type}: {value!r}") from exc
        if self.allowed and out not in self.allowed:
            raise QueryError(f"parameter {self.name!r} must be one of {list(self.allowed)}")
        return out


@dataclass(frozen=True)
class SavedQuery:
    name: str
    title: str
    description: str
    category: str
    parameters: tuple[Parameter, ...]
    returns: str
    revision: int
    cypher: str  # the body, without the header
    source: str = ""  # file it came from
    library_name: str = ""  # a saved question of the library's (``preset``): which one

    @property
    def free_form(self) -> bool:
        """Cypher written by a user (not the library's): see graph.adhoc."""
        return not self.library_name and not self.source.startswith("queries/")

    def param(self, name: str) -> Parameter:
        for p in self.parameters:
            if p.name == name:
                return p
        raise QueryError(f"{self.name} has no parameter {name!r}")

    def bind(self, values: dict[str, Any]) -> dict[str, Any]:
        """The declared parameters, coerced; ``$agencies`` is bound by the guarded read
        path from the caller's scope."""
        unknown = set(values) - {p.name for p in self.parameters}
        if unknown:
            raise QueryError(f"{self.name} has no parameter(s) {sorted(unknown)}")
        return {p.name: p.coerce(values.get(p.name)) for p in self.parameters}


def used_parameters(cypher: str) -> set[str]:
    """$names in the query text outside comments and string literals."""
    text = _LINE_COMMENT.sub("", _STRING.sub("''", cypher))
    return set(_PARAM.findall(text))


def split(text: str, source: str = "<text>") -> tuple[dict[str, Any], str]:
    """(header as a dict, Cypher body) of a query file's text."""
    header: list[str] = []
    body: list[str] = []
    for line in text.splitlines():
        if not body and line.startswith("//"):
            header.append(line[2:].removeprefix(" "))
        elif body or line.strip():
            body.append(line)
    try:
        meta = yaml.safe_load("\n".join(header)) or {}
    except yaml.YAMLError as exc:
        raise QueryError(f"{source}: the header is not valid YAML: {exc}") from exc
    if not isinstance(meta, dict):
        raise QueryError(f"{source}: the header must be YAML key: value lines")
    return meta, "\n".join(body)


PRESET_KEYS = {"name", "title", "description", "from", "values"}


def preset(meta: dict[str, Any], source: str) -> SavedQuery:
    """A library question with a user's own title and values (``from:`` + ``values:``): what
    users not cleared for every agency save as personal and team queries. It runs the
    library's Cypher, never text of the user's."""
    extra = set(meta) - PRESET_KEYS
    if extra:
        raise QueryError(f"{source}: unknown header field(s) {', '.join(sorted(extra))}")
    if not meta.get("name") or not meta.get("title"):
        raise QueryError(f"{source}: a saved question needs a name and a title")
    base = get(str(meta["from"]))
    values = meta.get("values") or {}
    if not isinstance(values, dict):
        raise QueryError(f"{source}: values must be name: value lines")
    unknown = set(values) - {p.name for p in base.parameters}
    if unknown:
        raise QueryError(f"{source}: {base.name} has no parameter(s) {sorted(unknown)}")
    params = tuple(
        Parameter(p.name, p.type, p.description, p.coerce(values[p.name]), p.allowed)
        if p.name in values
        else p
        for p in base.parameters
    )
    return SavedQuery(
        str(meta["name"]),
        str(meta["title"]),
        str(meta.get("description") or base.description),
        base.category,
        params,
        base.returns,
        base.revision,
        base.cypher,
        source,
        library_name=base.name,
    )


def parse(text: str, source: str = "<text>") -> SavedQuery:
    meta, body_text = split(text, source)
    if "from" in meta:
        return preset(meta, source)
    missing = HEADER_KEYS - set(meta)
    if missing:
        raise QueryError(f"{source}: header lacks {', '.join(sorted(missing))}")
    extra = set(meta) - HEADER_KEYS
    if extra:
        raise QueryError(f"{source}: unknown header field(s) {', '.join(sorted(extra))}")
    if meta["category"] not in CATEGORIES:
        raise QueryError(f"{source}: category must be one of {', '.join(CATEGORIES)}")
    if meta["returns"] not in RETURNS:
        raise QueryError(f"{source}: returns must be graph or table")
    if not isinstance(meta["revision"], int):
        raise QueryError(f"{source}: revision must be an integer")
    params = []
    for pname, spec in (meta["parameters"] or {}).items():
        if pname == RESERVED:
            raise QueryError(f"{source}: ${RESERVED} is passed by the application, not declared")
        if not isinstance(spec, dict) or spec.get("type") not in TYPES:
            raise QueryError(f"{source}: parameter {pname!r} needs a type of {', '.join(TYPES)}")
        params.append(
            Parameter(
                pname,
                spec["type"],
                str(spec.get("description", "")),
                spec.get("default"),
                tuple(spec.get("allowed") or ()),
                bool(spec.get("optional", False)),
            )
        )
    cypher = body_text.strip().rstrip(";")
    if not cypher:
        raise QueryError(f"{source}: no Cypher after the header")
    q = SavedQuery(
        meta["name"],
        meta["title"],
        str(meta["description"]).strip(),
        meta["category"],
        tuple(params),
        meta["returns"],
        meta["revision"],
        cypher,
        source,
    )
    validate(q)
    return q


def validate(q: SavedQuery) -> None:
    """Declared = used parameters, and $agencies is used (checks that need no server)."""
    used = used_parameters(q.cypher)
    declared = {p.name for p in q.parameters}
    if RESERVED not in used:
        raise QueryError(f"{q.source}: does not filter by $agencies")
    if used - declared - {RESERVED}:
        raise QueryError(
            f"{q.source}: uses undeclared parameter(s) "
            f"{', '.join(sorted(used - declared - {RESERVED}))}"
        )
    if declared - used:
        raise QueryError(
            f"{q.source}: declares unused parameter(s) {', '.join(sorted(declared - used))}"
        )
    for p in q.parameters:
        if p.default is not None:
            p.coerce(p.default)


@cache
def library() -> dict[str, SavedQuery]:
    """Every saved query, by name (files of the `queries` package)."""
    out: dict[str, SavedQuery] = {}
    for f in sorted(resources.files("queries").iterdir(), key=lambda f: f.name):
        if not f.name.endswith(".cypher"):
            continue
        q = parse(f.read_text(encoding="utf-8"), f"queries/{f.name}")
        if q.name != f.name.removesuffix(".cypher"):
            raise QueryError(f"queries/{f.name}: name {q.name!r} differs from the file name")
        out[q.name] = q
    return out


def get(name: str) -> SavedQuery:
    try:
        return library()[name]
    except KeyError:
        raise QueryError(f"no saved query {name!r}: see `civicfusion query list`") from None


def check_read_only(graph: Graph, q: SavedQuery) -> str:
    """The server's EXPLAIN query type; raises unless it is read-only ('r')."""
    kind = graph.query_type(q.cypher)
    if kind != "r":
        raise QueryError(f"{q.source}: EXPLAIN reports query type {kind!r}, not read-only")
    return kind


@dataclass
class Result:
    query: SavedQuery
    params: dict[str, Any]
    columns: list[str] = field(default_factory=list)
    rows: list[dict[str, Any]] = field(default_factory=list)  # JSON-ready
    entities: list[Entity] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    truncated: bool = False
    withheld: int = 0  # rows the guard dropped (records outside the caller's scope)


def _collect(value: Any, nodes: dict[str, Entity], rels: dict[str, Link]) -> Any:
    """A record value as JSON, gathering nodes and relationships for the chart."""
    if isinstance(value, Path):
        for r in value.relationships:
            _collect(r, nodes, rels)
        return [_collect(n, nodes, rels) for n in value.nodes]
    if isinstance(value, Node):
        props = jsonable(dict(value))
        if "uid" in props:
            e = Entity(next(iter(value.labels), "?"), props["uid"], props)
            nodes[e.uid] = e
        return {"label": next(iter(value.labels), "?"), **props}
    if isinstance(value, Relationship):
        props = jsonable(dict(value))
        start, end = value.start_node, value.end_node
        if start is not None and end is not None and "uid" in start and "uid" in end:
            _collect(start, nodes, rels)
            _collect(end, nodes, rels)
            link = Link.of(
                {
                    "id": value.element_id,
                    "type": value.type,
                    "start": start["uid"],
                    "end": end["uid"],
                    "props": props,
                }
            )
            rels[link.id] = link
        return {"type": value.type, **props}
    if isinstance(value, list):
        return [_collect(v, nodes, rels) for v in value]
    if isinstance(value, dict):
        return {k: _collect(v, nodes, rels) for k, v in value.items()}
    return jsonable(value)


def run(
    graph: Graph,
    query: str | SavedQuery,
    values: dict[str, Any],
    scope: Scope,
    max_rows: int = 5000,
    timeout: float = 15.0,
) -> Result:
    """Run a library query (by name) or a user's own query (validated when it was saved)."""
    q = get(query) if isinstance(query, str) else query
    return collect_rows(graph, q, q.bind(values), scope, max_rows, timeout)


def subject_records(graph: Graph, ref: str, scope: Scope) -> list[str]:
    """The uids of every record of a subject (a record's uid or "subject:S-…") that the
    scope covers: a subject's questions read all its agencies' records."""
    cluster = ref.removeprefix(SUBJECT_PREFIX) if ref.startswith(SUBJECT_PREFIX) else None
    rows = guarded.read(
        graph, scope, cypher.text("subject_records"), {"ref": ref, "cluster": cluster}
    )
    return [r["uid"] for r in rows]


def subjects(
    graph: Graph, q: SavedQuery, params: dict[str, Any], scope: Scope
) -> dict[str, list[str]]:
    """Parameters of type subject, each as the list of its records' uids."""
    return {
        p.name: subject_records(graph, str(params[p.name]), scope)
        for p in q.parameters
        if p.type == "subject" and isinstance(params.get(p.name), str)
    }


def collect_rows(
    graph: Graph,
    q: SavedQuery,
    params: dict[str, Any],
    scope: Scope,
    max_rows: int,
    timeout: float,
    keep_graph_if_any: bool = False,
) -> Result:
    """Run through the guarded read path (READ session, timeout, row cap, every row checked
    against the scope); JSON rows, and for graph answers the entities and links found
    anywhere in them."""
    params = {**params, **subjects(graph, q, params, scope)}
    columns, records, truncated, dropped = guarded.records(
        graph, scope, q.cypher, params, max_rows, timeout
    )
    nodes: dict[str, Entity] = {}
    rels: dict[str, Link] = {}
    rows = [{k: _collect(rec[k], nodes, rels) for k in columns} for rec in records]
    out = Result(q, params, columns, rows, truncated=truncated, withheld=dropped)
    if q.returns == "graph" or (keep_graph_if_any and nodes):
        out.entities = list(nodes.values())
        visible = {e.uid for e in out.entities}
        out.links = [k for k in rels.values() if k.start in visible and k.end in visible]
    return out
