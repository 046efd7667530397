"""Score person pairs with Splink on DuckDB, write SAME_AS links, recompute clusters."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import secrets
import time
from dataclasses import dataclass, field
from typing import Any

import duckdb

from graph import cypher
from graph.db import Graph
from resolve import names

HIGH = 0.99  # auto-link at or above
LOW = 0.5  # review queue between LOW and HIGH; nothing below


@dataclass
class ResolveSummary:
    run_id: str
    people: int = 0
    new_people: int = 0
    pairs_scored: int = 0
    auto: int = 0
    review: int = 0
    clusters: int = 0
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)


def clean(value: Any) -> str | None:
    if value is None:
        return None
    text = re.sub(r"[^a-z0-9 ]+", " ", str(value).lower())
    text = " ".join(text.split())
    return text or None


def people_table(rows: list[dict[str, Any]]) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("""CREATE TABLE people (unique_id VARCHAR, agency VARCHAR, first_name VARCHAR,
                   surname VARCHAR, dob DATE, street VARCHAR, postcode VARCHAR,
                   locality VARCHAR, phone VARCHAR, email VARCHAR, is_new BOOLEAN,
                   first_alts VARCHAR[], surname_key VARCHAR)""")
    # the full name, for term-frequency adjustment: a common name is weaker evidence
    data = [
        (
            r["unique_id"],
            r["agency"],
            clean(r["first_name"]),
            clean(r["surname"]),
            r["dob"].to_native() if hasattr(r["dob"], "to_native") else r["dob"],
            clean(r["street"]),
            clean(r["postcode"]),
            clean(r["locality"]),
            r["phone"],
            (r.get("email") or "").strip().lower() or None,
            bool(r.get("is_new", True)),
            names.alternatives(clean(r["first_name"])),
            names.phonetic(clean(r["surname"])),
        )
        for r in rows
    ]
    if data:
        con.executemany("INSERT INTO people VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", data)
    con.execute("ALTER TABLE people ADD COLUMN full_name VARCHAR")
    con.execute("UPDATE people SET full_name = concat_ws(' ', first_name, surname)")
    return con


def dob_comparison() -> Any:
    """Birth dates: exact, day and month swapped (03/04 vs 04/03, a common clerical slip),
    one digit different, within a month, the same year."""
    import splink.comparison_level_library as cll
    from splink.comparison_library import CustomComparison

    return CustomComparison(
        output_column_name="dob",
        comparison_levels=[
            cll.NullLevel("dob"),
            cll.ExactMatchLevel("dob"),
            cll.CustomLevel(
                "day(dob_l) <= 12 AND day(dob_r) <= 12 AND "
                "dob_l = make_date(year(dob_r), day(dob_r), month(dob_r))"
            ).configure(label_for_charts="Day and month swapped"),
            cll.CustomLevel(
                "damerau_levenshtein(CAST(dob_l AS VARCHAR), CAST(dob_r AS VARCHAR)) <= 1"
            ).configure(label_for_charts="One digit different"),
            cll.AbsoluteDateDifferenceLevel(
                "dob", input_is_string=False, threshold=1, metric="month"
            ),
            cll.CustomLevel("year(dob_l) = year(dob_r)").configure(label_for_charts="Same year"),
            cll.ElseLevel(),
        ],
    )


def nickname_comparison() -> Any:
    """A bonus when the first names differ but one is a nickname of the other (Bob, Robert):
    the name comparison alone scores them as different names."""
    import splink.comparison_level_library as cll
    from splink.comparison_library import CustomComparison

    return CustomComparison(
        output_column_name="nickname",
        comparison_levels=[
            cll.NullLevel("first_name"),
            cll.CustomLevel(
                "first_name_l <> first_name_r AND (list_contains(first_alts_l, first_name_r)"
                " OR list_contains(first_alts_r, first_name_l))"
            ).configure(label_for_charts="Nicknames of each other"),
            cll.ElseLevel(),
        ],
    )


# Candidate pairs. These rules join on two keys (or a near-unique one), so they stay small at
# any size and each tolerates errors in the fields it does not use.
BLOCKS = (
    "l.first_name = r.first_name AND l.surname = r.surname",
    "l.surname = r.surname AND l.dob = r.dob",
    "l.first_name = r.first_name AND l.dob = r.dob",
    "l.first_name = r.surname AND l.surname = r.first_name",  # names in the wrong order
    "l.surname_key = r.surname_key AND l.dob = r.dob",  # Smyth ~ Smith, same birth date
    "l.surname = r.surname AND year(l.dob) = year(r.dob) AND l.locality = r.locality",
    "l.dob = r.dob AND l.postcode = r.postcode",
    "l.dob = r.dob AND l.locality = r.locality",
    "l.phone = r.phone",
    "l.email = r.email",
)
# One key alone finds pairs with errors everywhere else, but a common value (a first name, a
# birth date) makes blocks of thousands at a million records and billions of pairs (measured:
# 17 GB and killed at 1M). Each is used only while it yields at most PAIR_BUDGET pairs.
BROAD = (
    ("l.first_name = r.first_name", "first_name"),
    ("l.surname = r.surname", "surname"),
    ("l.dob = r.dob", "dob"),
)
PAIR_BUDGET = 5_000_000


def blocking_rules(con: duckdb.DuckDBPyConnection) -> tuple[list[str], list[str]]:
    """(rules to use, broad rules left out because they would yield too many pairs)."""
    rules, dropped = list(BLOCKS), []
    for rule, key in BROAD:
        [(pairs,)] = con.execute(
            f"SELECT coalesce(sum(n * (n - 1) / 2), 0) FROM (SELECT count(*) AS n FROM people "
            f"WHERE {key} IS NOT NULL GROUP BY {key})"
        ).fetchall()
        (rules if pairs <= PAIR_BUDGET else dropped).append(rule)
    return rules, dropped


def score(
    con: duckdb.DuckDBPyConnection, low: float, only_new: bool = False
) -> list[dict[str, Any]]:
    """Train a Splink model without labels (u by sampling, m by EM) and score blocked pairs.

    With ``only_new``, pairs of two records already compared by an earlier run are not even
    generated: every blocking rule also requires one side to be new. Training still sees all
    records.
    """
    import splink.comparison_library as cl
    from splink import Linker, SettingsCreator, block_on
    from splink.backends.duckdb import DuckDBAPI

    db = DuckDBAPI(con)
    rules, _ = blocking_rules(con)
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            # handles names recorded in the wrong order ("King Aisha" for "Aisha King")
            cl.ForenameSurnameComparison(
                "first_name", "surname", forename_surname_concat_col_name="full_name"
            ).configure(term_frequency_adjustments=True),
            nickname_comparison(),
            dob_comparison(),
            cl.JaroWinklerAtThresholds("street", [0.9, 0.8]),
            cl.ExactMatch("postcode"),
            cl.JaroWinklerAtThresholds("locality", [0.9]).configure(
                term_frequency_adjustments=True
            ),
            cl.ExactMatch("phone"),
            cl.EmailComparison("email"),
        ],
        blocking_rules_to_generate_predictions=[
            f"({rule}) AND (l.is_new OR r.is_new)" if only_new else rule for rule in rules
        ],
        retain_intermediate_calculation_columns=True,
    )
    linker = Linker(db.register("people"), settings, log_level=30)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("first_name", "surname", "dob")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=1)
    from splink.internals.exceptions import EMTrainingException

    trained = 0
    for column in ("dob", "surname", "email"):  # a block with no pairs (no emails) is skipped
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(block_on(column))
            trained += 1
        except EMTrainingException:
            continue
    if not trained:
        raise ValueError("too few comparable person records to train the matching model")
    rel = linker.inference.predict(threshold_match_probability=low).as_duckdbpyrelation()
    cols = rel.columns
    weights = [c for c in cols if c.startswith("mw_") and not c.startswith("mw_tf_adj_")]
    pairs = []
    for row in rel.fetchall():
        r = dict(zip(cols, row, strict=True))
        a, b = sorted((r["unique_id_l"], r["unique_id_r"]))
        explanation = {w[3:]: round(r[w], 3) for w in weights if r[w] is not None}
        pairs.append(
            {
                "a": a,
                "b": b,
                "score": round(r["match_probability"], 6),
                "match_weight": round(r["match_weight"], 3),
                "explanation": json.dumps(explanation, sort_keys=True),
            }
        )
    return pairs


def subject_id(root_uid: str) -> str:
    """An opaque subject id: stable for a cluster, but it names no agency's record (a uid
    would tell a user cleared for one agency that another agency holds a record)."""
    return "S-" + hashlib.sha256(root_uid.encode("utf-8")).hexdigest()[:16]


def clusters(graph: Graph, people: list[str] | None = None) -> int:
    """Recompute cluster_id from accepted links (union-find); returns the number of subjects.

    ``people``: the uids of the named person records, when the caller has already read them.
    """
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for link in graph.read(cypher.text("er_accepted_links")):
        ra, rb = find(link["a"]), find(link["b"])
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    if people is None:
        people = [r["uid"] for r in graph.read(cypher.text("er_named_people"))]
    rows = [{"uid": u, "cluster": subject_id(find(u))} for u in people]
    for i in range(0, len(rows), 10_000):
        graph.write(cypher.text("er_set_clusters"), {"rows": rows[i : i + 10_000]})
    return len({r["cluster"] for r in rows})


def resolve(
    graph: Graph, high: float = HIGH, low: float = LOW, full: bool = False
) -> ResolveSummary:
    """Score person pairs. Incremental unless ``full``: after the first run, only pairs with
    at least one record new since the last run are compared."""
    if not 0 < low < high <= 1:
        raise ValueError(f"thresholds must satisfy 0 < low < high <= 1 (got {low}, {high})")
    started = time.monotonic()
    run_id = f"er-{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%S}-{secrets.token_hex(3)}"
    summary = ResolveSummary(run_id=run_id)
    rows = graph.read(cypher.text("er_people"), timeout=600)
    summary.people = len(rows)
    summary.timings["read"] = time.monotonic() - started
    if len(rows) < 2:
        summary.clusters = clusters(graph, [r["unique_id"] for r in rows])
        return summary
    t = time.monotonic()
    new = [r["unique_id"] for r in rows if r["is_new"]]
    summary.new_people = len(new)
    only_new = not full and len(new) < len(rows)
    if only_new and not new:
        summary.clusters = clusters(graph, [r["unique_id"] for r in rows])
        summary.seconds = time.monotonic() - started
        return summary
    pairs = score(people_table(rows), low, only_new=only_new)
    summary.timings["score"] = time.monotonic() - t
    for p in pairs:
        p["status"] = "auto" if p["score"] >= high else "review"
    summary.pairs_scored = len(pairs)
    t = time.monotonic()
    for i in range(0, len(pairs), 5000):
        graph.write(
            cypher.text("er_merge_links"),
            {"pairs": pairs[i : i + 5000], "run_id": run_id},
            timeout=600,
        )
    counts = graph.read("MATCH ()-[s:SAME_AS]->() RETURN s.status AS status, count(*) AS c")
    by = {r["status"]: r["c"] for r in counts}
    summary.auto, summary.review = by.get("auto", 0), by.get("review", 0)
    for i in range(0, len(rows), 10_000):
        chunk = [r["unique_id"] for r in rows[i : i + 10_000]]
        graph.write(cypher.text("er_mark_resolved"), {"uids": chunk, "run_id": run_id})
    summary.clusters = clusters(graph, [r["unique_id"] for r in rows])
    summary.timings["write"] = time.monotonic() - t
    summary.seconds = time.monotonic() - started
    return summary


DECISIONS = {
    "accept": "confirmed",
    "reject": "rejected",
    "unlink": "unlinked",
    "relink": "confirmed",
}


def _pairs(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    for r in rows:
        r["explanation"] = json.loads(r["explanation"] or "{}")
        for side in ("left", "right"):
            dob = r[side].get("dob")
            r[side]["dob"] = dob.iso_format() if hasattr(dob, "iso_format") else dob
    return rows


def pending(
    graph: Graph, limit: int = 50, agencies: list[str] | None = None
) -> list[dict[str, Any]]:
    """Pairs in the review queue (of the reviewer's agencies, or all), most likely first."""
    return _pairs(graph.read(cypher.text("er_pending"), {"limit": limit, "agencies": agencies}))


def decided(
    graph: Graph, limit: int = 50, agencies: list[str] | None = None
) -> list[dict[str, Any]]:
    """Linked pairs (auto or confirmed), most recently decided first."""
    return _pairs(graph.read(cypher.text("er_decided"), {"limit": limit, "agencies": agencies}))


def decide(
    graph: Graph, a: str, b: str, decision: str, reviewer: str, agencies: list[str] | None = None
) -> str:
    """accept | reject | unlink | relink a pair; clusters follow at once."""
    if decision not in DECISIONS:
        raise ValueError(f"decision must be one of {', '.join(DECISIONS)}")
    if not reviewer:
        raise ValueError("a decision needs the reviewer's name")
    rows = graph.write_rows(
        cypher.text("er_decide"),
        {
            "a": a,
            "b": b,
            "status": DECISIONS[decision],
            "reviewer": reviewer,
            "agencies": agencies,
        },
    )
    if not rows:
        raise ValueError(f"no SAME_AS link between {a} and {b}")
    clusters(graph)
    return rows[0]["status"]


def subject(graph: Graph, uid: str, agencies: list[str] | None = None) -> list[dict[str, Any]]:
    """Every agency record of the subject a person record belongs to (the resolved view),
    of the given agencies (default: all)."""
    from graph.explore import loaded_agencies, subject_records

    return subject_records(graph, uid, agencies or loaded_agencies(graph))
