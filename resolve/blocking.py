"""Which pairs are compared at all: blocking rules on shared keys, within a pair budget."""

from __future__ import annotations

import duckdb

from graph.model import PERSON_IDENTIFIERS

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
    "l.email = r.email",
    # the same identity number, whatever else differs
    *(f"l.{c} = r.{c}" for c in PERSON_IDENTIFIERS),
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
# Rules on a list column, each value on its own row first (Splink's arrays_to_explode):
# column -> rule. Any phone of one record equal to any phone of the other.
EXPLODED = {"phones": "l.phones = r.phones"}


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
