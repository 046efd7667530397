"""Score person pairs with Splink on DuckDB, write SAME_AS links, recompute clusters."""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import secrets
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import duckdb

from graph import cypher, guarded
from graph.db import Graph
from graph.scope import Scope
from resolve import names
from resolve.names import clean

HIGH = 0.95  # auto-link at or above (calibrated: see docs/resolve.md)
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


COLUMNS = (
    ("unique_id", "VARCHAR"),
    ("agency", "VARCHAR"),
    ("first_name", "VARCHAR"),
    ("surname", "VARCHAR"),
    ("dob", "DATE"),
    ("street", "VARCHAR"),
    ("postcode", "VARCHAR"),
    ("locality", "VARCHAR"),
    ("phone", "VARCHAR"),
    ("email", "VARCHAR"),
    ("is_new", "BOOLEAN"),
    ("first_alts", "VARCHAR[]"),  # the given name and its nicknames
    ("surname_key", "VARCHAR"),  # phonetic
    ("first_letters", "VARCHAR"),  # the letters in order, for scrambled typing
    ("surname_letters", "VARCHAR"),
)


def people_table(rows: list[dict[str, Any]]) -> duckdb.DuckDBPyConnection:
    """The cleaned person records in an in-memory DuckDB table ``people``."""
    con = duckdb.connect()
    con.execute(f"CREATE TABLE people ({', '.join(f'{c} {t}' for c, t in COLUMNS)})")
    data: dict[str, list[Any]] = {c: [] for c, _ in COLUMNS}
    for r in rows:
        given, family = r["first_name"], r["surname"]
        if not given and not family:  # a source with only a full name
            given, family = names.split_full_name(r.get("full_name"))
        first, surname = clean(given), clean(family)
        dob = r["dob"]
        for column, value in (
            ("unique_id", r["unique_id"]),
            ("agency", r["agency"]),
            ("first_name", first),
            ("surname", surname),
            ("dob", dob.to_native() if hasattr(dob, "to_native") else dob),
            ("street", names.street(r["street"])),
            ("postcode", clean(r["postcode"])),
            ("locality", clean(r["locality"])),
            ("phone", r["phone"]),
            ("email", (r.get("email") or "").strip().lower() or None),
            ("is_new", bool(r.get("is_new", True))),
            ("first_alts", names.alternatives(first)),
            ("surname_key", names.phonetic(surname)),
            ("first_letters", names.letters(first)),
            ("surname_letters", names.letters(surname)),
        ):
            data[column].append(value)
    # one column-wise insert: row-by-row executemany takes ~1 ms a row (49 s for 38k)
    for i in range(0, len(rows), 100_000):
        chunk = [data[c][i : i + 100_000] for c, _ in COLUMNS]
        unnest = ", ".join(f"unnest(?::{t}[])" for _, t in COLUMNS)
        con.execute(f"INSERT INTO people SELECT {unnest}", chunk)
    return con


def dob_comparison() -> Any:
    """Birth dates: exact, day and month swapped (03/04 vs 04/03, a common clerical slip),
    one digit different, the year off by up to two, within a month, within a year."""
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
            cll.CustomLevel(
                "month(dob_l) = month(dob_r) AND day(dob_l) = day(dob_r) AND "
                "abs(year(dob_l) - year(dob_r)) <= 2"
            ).configure(label_for_charts="Same day and month, year within 2"),
            cll.AbsoluteDateDifferenceLevel(
                "dob", input_is_string=False, threshold=1, metric="month"
            ),
            cll.AbsoluteDateDifferenceLevel(
                "dob", input_is_string=False, threshold=1, metric="year"
            ),
            cll.ElseLevel(),
        ],
    )


def _swapped() -> str:
    """Given and family name recorded the wrong way round, typos allowed ("Harry Taylor" and
    "Tarlo Hayr"): both names must match across for either comparison to count it."""
    return (
        "jaro_winkler_similarity(first_name_l, surname_r) >= 0.88 AND "
        "jaro_winkler_similarity(surname_l, first_name_r) >= 0.88"
    )


def _one_side_swapped(column: str, other: str) -> str:
    """One record has this name in the other name's field ("Harris, Matilda" and "Matilda,
    Hsrir"; "Richards, Charlie" and "Charlie" with no family name)."""
    return (
        f"jaro_winkler_similarity({column}_l, {other}_r) >= 0.92 OR "
        f"jaro_winkler_similarity({other}_l, {column}_r) >= 0.92"
    )


def _jumbled(letters: str) -> str:
    """The same letters (``letters``: the column of a name's sorted letters), typed in
    another order or with one letter more or less."""
    return f"jaro_winkler_similarity({letters}_l, {letters}_r) >= 0.9"


def first_name_comparison() -> Any:
    """Given names: exact (a common name is weaker evidence), swapped with the family name,
    near spellings, nicknames of each other (Bob, Robert), an initial for the name."""
    import splink.comparison_level_library as cll
    from splink.comparison_library import CustomComparison

    return CustomComparison(
        output_column_name="first_name",
        comparison_levels=[
            cll.NullLevel("first_name"),
            cll.ExactMatchLevel("first_name", term_frequency_adjustments=True),
            cll.CustomLevel(_swapped()).configure(label_for_charts="Swapped with family name"),
            cll.JaroWinklerLevel("first_name", 0.92),
            cll.CustomLevel(
                "list_contains(first_alts_l, first_name_r) OR "
                "list_contains(first_alts_r, first_name_l)"
            ).configure(label_for_charts="Nicknames of each other"),
            cll.JaroWinklerLevel("first_name", 0.8),
            cll.CustomLevel(_jumbled("first_letters")).configure(
                label_for_charts="Letters jumbled"
            ),
            cll.CustomLevel(_one_side_swapped("first_name", "surname")).configure(
                label_for_charts="In the family name field"
            ),
            cll.CustomLevel(
                "(length(first_name_l) = 1 AND first_name_l = left(first_name_r, 1)) OR "
                "(length(first_name_r) = 1 AND first_name_r = left(first_name_l, 1))"
            ).configure(label_for_charts="An initial for the name"),
            cll.ElseLevel(),
        ],
    )


def surname_comparison() -> Any:
    """Family names: exact (term-frequency adjusted), swapped with the given name, near
    spellings, sounding alike (NYSIIS: Smith, Smyth)."""
    import splink.comparison_level_library as cll
    from splink.comparison_library import CustomComparison

    return CustomComparison(
        output_column_name="surname",
        comparison_levels=[
            cll.NullLevel("surname"),
            cll.ExactMatchLevel("surname", term_frequency_adjustments=True),
            cll.CustomLevel(_swapped()).configure(label_for_charts="Swapped with given name"),
            cll.JaroWinklerLevel("surname", 0.92),
            cll.JaroWinklerLevel("surname", 0.8),
            cll.CustomLevel("surname_key_l = surname_key_r").configure(
                label_for_charts="Sounds alike"
            ),
            cll.CustomLevel(_jumbled("surname_letters")).configure(
                label_for_charts="Letters jumbled"
            ),
            cll.CustomLevel(_one_side_swapped("surname", "first_name")).configure(
                label_for_charts="In the given name field"
            ),
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
    # the birth year wrong: same family name and birthday
    "l.surname = r.surname AND month(l.dob) = month(r.dob) AND day(l.dob) = day(r.dob)",
    # an initial for the given name, birth date swapped or wrong: same family name, initial
    # and birth year, or the same family name at the same home address
    "l.surname = r.surname AND left(l.first_name, 1) = left(r.first_name, 1) "
    "AND year(l.dob) = year(r.dob)",
    "l.surname = r.surname AND l.street = r.street",
    # the family name mistyped and the birth year wrong or the address different
    "l.first_name = r.first_name AND month(l.dob) = month(r.dob) AND day(l.dob) = day(r.dob)",
    "l.first_name = r.first_name AND l.street = r.street",
    "l.street = r.street AND month(l.dob) = month(r.dob) AND day(l.dob) = day(r.dob)",
    # one name in the other's field, the other name missing or mistyped
    "l.first_name = r.surname AND year(l.dob) = year(r.dob)",
    "l.surname = r.first_name AND year(l.dob) = year(r.dob)",
    "l.phone = r.phone",
    "l.email = r.email",
)
# One key alone finds pairs with errors everywhere else, but a common value (a first name, a
# birth date) makes blocks of thousands at a million records and billions of pairs (measured:
# 17 GB and killed at 1M). Together they may add at most PAIR_BUDGET pairs.
BROAD: tuple[tuple[str, ...], ...] = (
    ("first_name",),
    ("surname",),
    ("dob",),
    # typos in both names and a wrong birth date: the same birth year and town, or the
    # same birth year and e-mail start, or only the same birth year (small data sets)
    ("year(dob)", "locality"),
    ("year(dob)", "left(email, 3)"),
    ("year(dob)",),
)
PAIR_BUDGET = 5_000_000
# Training: u from random pairs, m by EM on blocks of records that agree on some fields.
U_PAIRS = 1e6
EM_BLOCKS = (("dob",), ("first_name", "surname"), ("email",))
EM_MIN_PAIRS = 50
LAMBDA_RULE = ("first_name", "surname", "dob")  # counted to estimate how many pairs match
EM_PAIRS = 2e6  # a bigger block is sampled down (Splink hashes records on both sides)


def block_pairs(con: duckdb.DuckDBPyConnection, keys: tuple[str, ...]) -> int:
    """How many pairs of records agree on all of ``keys`` (columns or SQL expressions of
    one record's columns; none of them missing)."""
    present = " AND ".join(f"{k} IS NOT NULL" for k in keys)
    [(pairs,)] = con.execute(
        f"SELECT coalesce(sum(n * (n - 1) / 2), 0) FROM (SELECT count(*) AS n FROM people "
        f"WHERE {present} GROUP BY {', '.join(keys)})"
    ).fetchall()
    return int(pairs)


def blocking_rules(con: duckdb.DuckDBPyConnection) -> list[str]:
    """BLOCKS, and the rules of BROAD in order while together they yield at most
    PAIR_BUDGET pairs (a rule that would overrun it is left out; a later, smaller one may
    still fit)."""
    from splink import block_on

    rules, spent = list(BLOCKS), 0
    for keys in BROAD:
        pairs = block_pairs(con, keys)
        if spent + pairs <= PAIR_BUDGET:
            rules.append(block_on(*keys).get_blocking_rule("duckdb").blocking_rule_sql)
            spent += pairs
    return rules


def rule_recall(linker: Any) -> float:
    """The share of true pairs that agree exactly on every LAMBDA_RULE field, by the trained
    model: the product of each field's m-probability of an exact match. Splink counts the
    pairs the rule finds and divides by this to estimate how many pairs match in all
    (measured: FEBRL 1 and fake_1000 within 6 % of the truth; a guessed 0.7 was 2x and 6x
    off, and every score was too low)."""
    recall = 1.0
    for comparison in linker._settings_obj.comparisons:
        if comparison.output_column_name in LAMBDA_RULE:
            exact = next(lv for lv in comparison.comparison_levels if not lv.is_null_level)
            recall *= exact.m_probability or 1.0
    return min(1.0, max(recall, 0.01))


def train(con: duckdb.DuckDBPyConnection, only_new: bool = False) -> Any:
    """A Splink linker for the ``people`` table, trained without labels: u by sampling, m by
    EM, then λ (the chance two random records match) from the trained m-probabilities.

    With ``only_new``, pairs of two records already compared by an earlier run are not even
    generated: every blocking rule also requires one side to be new. Training still sees all
    records.
    """
    import splink.comparison_library as cl
    from splink import Linker, SettingsCreator, block_on
    from splink.backends.duckdb import DuckDBAPI

    db = DuckDBAPI(con)
    rules = blocking_rules(con)
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            first_name_comparison(),
            surname_comparison(),
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
    # Splink's own warnings (levels never seen in a block, untrained defaults) are for model
    # builders; the run's summary and the links' explanations are what users read
    linker = Linker(db.register("people"), settings, log_level=logging.ERROR)
    linker.training.estimate_u_using_random_sampling(max_pairs=U_PAIRS, seed=1)
    from splink.internals.exceptions import EMTrainingException

    trained = 0
    # each block trains the comparisons it does not use; a block with too few pairs (no
    # emails) is skipped; a big one is sampled down to EM_PAIRS
    for columns in EM_BLOCKS:
        pairs = block_pairs(con, columns)
        if pairs < EM_MIN_PAIRS:
            continue
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(
                block_on(*columns), max_pairs=EM_PAIRS if pairs > EM_PAIRS else None
            )
            trained += 1
        except EMTrainingException:
            continue
    if not trained:
        raise ValueError("too few comparable person records to train the matching model")
    # last: a failed EM session can leave its own in-block estimate behind (measured: 0.013
    # instead of 1.3e-5 after an email block without pairs, and name-only pairs auto-linked)
    linker.training.estimate_probability_two_random_records_match(
        [block_on(*LAMBDA_RULE)], recall=rule_recall(linker)
    )
    return linker


def score(
    con: duckdb.DuckDBPyConnection, low: float, only_new: bool = False
) -> list[dict[str, Any]]:
    """Train a model (``train``) and score the blocked pairs at or above ``low``, each with
    the match weight every comparison contributed."""
    linker = train(con, only_new)
    labels = level_labels(linker)
    rel = linker.inference.predict(threshold_match_probability=low).as_duckdbpyrelation()
    cols = rel.columns
    weights = [c for c in cols if c.startswith("mw_") and not c.startswith("mw_tf_adj_")]
    pairs = []
    for row in rel.fetchall():
        r = dict(zip(cols, row, strict=True))
        a, b = sorted((r["unique_id_l"], r["unique_id_r"]))
        # a comparison's weight includes its term-frequency adjustment (a common name counts
        # less), so the contributions and the prior add up to the match weight
        explanation = {
            w[3:]: round(r[w] + (r.get(f"mw_tf_adj_{w[3:]}") or 0.0), 3)
            for w in weights
            if r[w] is not None
        }
        pairs.append(
            {
                "a": a,
                "b": b,
                "score": round(r["match_probability"], 6),
                "match_weight": round(r["match_weight"], 3),
                "explanation": json.dumps(explanation, sort_keys=True),
                # what each comparison found, in words ("nicknames of each other")
                "evidence": json.dumps(
                    {c: labels[c].get(r[f"gamma_{c}"], "") for c in explanation},
                    sort_keys=True,
                ),
            }
        )
    return pairs


# What each comparison is called on the review page and in the terminal.
FIELDS = {
    "first_name": "given name",
    "surname": "family name",
    "dob": "date of birth",
    "street": "street",
    "postcode": "postcode",
    "locality": "town",
    "phone": "phone",
    "email": "e-mail",
}
_PLAIN = (
    (r".* is NULL$", "missing on one side"),
    (r"^Exact match on username$", "same user name"),
    (r"^Exact match on .*", "the same"),
    (r"^Jaro-Winkler >0\.88 on username$", "user name spelled alike"),
    (r"^Jaro-Winkler distance of .* >= 0\.9\d*$", "spelled almost the same"),
    (r"^Jaro-Winkler distance of .* >= .*", "spelled alike"),
    (r"^Abs difference of .*<= 1 month.*", "within a month"),
    (r"^Abs difference of .*<= 1 year.*", "within a year"),
    (r"^All other comparisons$", "different"),
)


def plain_label(label: str) -> str:
    """A Splink comparison level's label in an investigator's words ("Jaro-Winkler distance
    of surname >= 0.92" -> "spelled almost the same"); our own labels are already plain."""
    for pattern, text in _PLAIN:
        if re.match(pattern, label):
            return text
    return label[:1].lower() + label[1:]


def level_labels(linker: Any) -> dict[str, dict[int, str]]:
    """comparison -> comparison vector value (Splink's gamma) -> plain label."""
    return {
        c.output_column_name: {
            lv.comparison_vector_value: plain_label(lv.label_for_charts)
            for lv in c.comparison_levels
        }
        for c in linker._settings_obj.comparisons
    }


def reasons(pair: dict[str, Any]) -> list[tuple[str, str, float]]:
    """(field, what it found, match weight) of a pair from ``pending``/``decided``,
    strongest evidence first: ("given name", "nicknames of each other", 4.2)."""
    evidence = pair.get("evidence") or {}
    return [
        (FIELDS.get(name, name.replace("_", " ")), evidence.get(name, ""), weight)
        for name, weight in sorted(pair["explanation"].items(), key=lambda kv: -abs(kv[1]))
    ]


SUBJECT_ID = re.compile(r"^S-[0-9a-f]{20}$")


def new_subject_id() -> str:
    """A random subject id. It is drawn, not derived from a member record: an id computed
    from a uid would let a user who sees one record test whether another agency's record
    belongs to the same subject."""
    return "S-" + secrets.token_hex(10)


def stable_ids(groups: list[list[str]], current: dict[str, str | None]) -> dict[str, str]:
    """uid -> subject id for each group of uids: a group keeps the id most of its members
    already carry (larger groups choose first, an id goes to one group only), else a new
    random one. Ids of an older, derived form are replaced."""
    out: dict[str, str] = {}
    claimed: set[str] = set()
    for members in sorted(groups, key=len, reverse=True):
        held = Counter(
            c for m in members if (c := current.get(m)) and SUBJECT_ID.match(c) and c not in claimed
        )
        cid = held.most_common(1)[0][0] if held else new_subject_id()
        claimed.add(cid)
        for m in members:
            out[m] = cid
    return out


def clusters(graph: Graph) -> int:
    """Recompute subjects from accepted links (union-find); returns the number of subjects.
    Subject ids stay the same across runs for the same subject (``stable_ids``)."""
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
    current = {r["uid"]: r["cluster_id"] for r in graph.read(cypher.text("er_named_people"))}
    groups: dict[str, list[str]] = {}
    for u in current:
        groups.setdefault(find(u), []).append(u)
    ids = stable_ids(list(groups.values()), current)
    rows = [{"uid": u, "cluster": c} for u, c in ids.items() if current.get(u) != c]
    for i in range(0, len(rows), 10_000):
        graph.write(cypher.text("er_set_clusters"), {"rows": rows[i : i + 10_000]})
    return len(groups)


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
        summary.clusters = clusters(graph)
        return summary
    t = time.monotonic()
    new = [r["unique_id"] for r in rows if r["is_new"]]
    summary.new_people = len(new)
    only_new = not full and len(new) < len(rows)
    if only_new and not new:
        summary.clusters = clusters(graph)
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
    summary.clusters = clusters(graph)
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
        r["evidence"] = json.loads(r.get("evidence") or "{}")
        for side in ("left", "right"):
            dob = r[side].get("dob")
            r[side]["dob"] = dob.iso_format() if hasattr(dob, "iso_format") else dob
    return rows


def pending(graph: Graph, scope: Scope, limit: int = 50) -> list[dict[str, Any]]:
    """Pairs in the review queue whose records are both in the scope, most likely first."""
    return _pairs(guarded.read(graph, scope, cypher.text("er_pending"), {"limit": limit}))


def decided(graph: Graph, scope: Scope, limit: int = 50) -> list[dict[str, Any]]:
    """Linked pairs (auto or confirmed) within the scope, most recently decided first."""
    return _pairs(guarded.read(graph, scope, cypher.text("er_decided"), {"limit": limit}))


def decide(graph: Graph, a: str, b: str, decision: str, reviewer: str, scope: Scope) -> str:
    """accept | reject | unlink | relink a pair whose records are both in the scope;
    clusters follow at once."""
    if decision not in DECISIONS:
        raise ValueError(f"decision must be one of {', '.join(DECISIONS)}")
    if not reviewer:
        raise ValueError("a decision needs the reviewer's name")
    if not isinstance(scope, Scope):
        raise TypeError("decide needs the reviewer's Scope")
    rows = graph.write_rows(
        cypher.text("er_decide"),
        {
            "a": a,
            "b": b,
            "status": DECISIONS[decision],
            "reviewer": reviewer,
            "agencies": scope.codes,
        },
    )
    if not rows:
        raise ValueError(f"no SAME_AS link between {a} and {b}")
    clusters(graph)
    return rows[0]["status"]
