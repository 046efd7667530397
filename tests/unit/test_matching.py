"""The matching model's parts on DuckDB alone (no graph): name keys, blocking, training."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from graph import identifiers
from resolve import benchmarks, blocking, explain, names, prepare, train


def test_letters_survive_scrambled_typing() -> None:
    assert names.letters("young") == "gnouy"
    assert names.letters("ynuo") == "nouy"  # one letter lost: close once sorted
    assert names.letters("mc donald") == names.letters("lconamdd")
    assert names.letters(None) is None and names.letters(" ") is None


def _people(rows: list[tuple[str, str, str, str | None]]) -> list[dict]:
    return [
        {
            "unique_id": str(i),
            "agency": "A",
            "first_name": first,
            "surname": surname,
            "dob": dt.date.fromisoformat(dob),
            "street": None,
            "postcode": None,
            "locality": town,
            "phone": None,
            "email": None,
        }
        for i, (first, surname, dob, town) in enumerate(rows)
    ]


def test_broad_rules_only_within_the_pair_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    con = prepare.people_table(
        _people(
            [
                ("ann", "lee", "1990-01-02", "leeds"),
                ("ann", "ray", "1990-05-06", "leeds"),
                ("bob", "ray", "1990-05-06", None),
                ("cy", "lee", "1981-01-02", "york"),
            ]
        )
    )
    assert blocking.block_pairs(con, ("first_name",)) == 1
    assert blocking.block_pairs(con, ("year(dob)",)) == 3
    assert blocking.block_pairs(con, ("year(dob)", "locality")) == 1  # a missing town never pairs
    rules = blocking.blocking_rules(con)
    assert "YEAR(l.dob) = YEAR(r.dob)" in rules and set(blocking.BLOCKS) <= set(rules)
    monkeypatch.setattr(blocking, "PAIR_BUDGET", 2)  # the broad rules share one budget
    rules = blocking.blocking_rules(con)
    assert 'l."first_name" = r."first_name"' in rules  # 1 pair
    assert 'l."surname" = r."surname"' not in rules  # 2 more would make 3
    assert 'l."dob" = r."dob"' in rules  # 1 more: 2 in all
    assert "YEAR(l.dob) = YEAR(r.dob)" not in rules


def _fake_1000(shared_data: Path) -> tuple[list[dict], float]:
    """fake_1000's person rows and its true λ: true pairs / all pairs."""
    people, groups = benchmarks.fake_1000(shared_data / "splink-fake1000/fake_1000.csv")
    n = len(people)
    return people, sum(len(g) * (len(g) - 1) / 2 for g in groups.values()) / (n * (n - 1) / 2)


def test_match_rate_is_estimated_from_the_trained_model(shared_data: Path) -> None:
    """λ (the chance two random records match) sets every score. fake_1000's true λ is
    0.0060; the old guess (a name + birth date rule finds 70 % of the matches) gave 0.0010
    and every score was too low. The trained m-probabilities give the rule's real recall."""
    people, truth = _fake_1000(shared_data)
    linker = train.train(prepare.people_table(people))
    estimate = linker._settings_obj._probability_two_random_records_match
    assert truth / 1.25 < estimate < truth * 1.25, (estimate, truth)
    assert 0.05 < train.rule_recall(linker) < 0.3  # names and dates are badly scrambled


def test_streets_in_usps_abbreviations() -> None:
    assert identifiers.street("12 North Main Street, Apartment 4") == "12 n main st apt 4"
    assert identifiers.street("12 N. Main St #4") == "12 n main st apt 4"
    assert identifiers.street("1417 Dumont Avenue") == identifiers.street("1417 DUMONT AVE")
    assert identifiers.street("  ,  ") is None and identifiers.street(None) is None


def test_full_names_split_either_way() -> None:
    assert names.split_full_name("SMITH, JOHN A") == ("JOHN", "SMITH")
    assert names.split_full_name("John A. Smith") == ("John", "Smith")
    assert names.split_full_name("de la Vega, Maria") == ("Maria", "de la Vega")
    assert names.split_full_name("Madonna") == ("Madonna", None)
    assert names.split_full_name(" ") == (None, None)


def test_a_record_with_only_a_full_name_is_compared_on_its_parts() -> None:
    [row] = _people([(None, None, "1990-01-02", "leeds")])  # type: ignore[list-item]
    row["full_name"] = "GARCIA, JOSE LUIS"
    con = prepare.people_table([row])
    assert con.execute("SELECT first_name, surname FROM people").fetchall() == [("jose", "garcia")]


@pytest.mark.parametrize(
    ("label", "plain"),
    [
        ("first_name is NULL", "missing on one side"),
        ("Exact match on surname", "the same"),
        ("Exact match on username", "same user name"),
        ("Jaro-Winkler distance of surname >= 0.92", "spelled almost the same"),
        ("Jaro-Winkler distance of street >= 0.8", "spelled alike"),
        ("Jaro-Winkler >0.88 on username", "user name spelled alike"),
        ("Abs difference of 'dob <= 1 month'", "within a month"),
        ("Abs difference of 'dob <= 1 year'", "within a year"),
        ("All other comparisons", "different"),
        ("Nicknames of each other", "nicknames of each other"),
    ],
)
def test_evidence_in_an_investigators_words(label: str, plain: str) -> None:
    assert explain.plain_label(label) == plain


def test_every_level_of_the_model_has_plain_words(shared_data: Path) -> None:
    people, _ = _fake_1000(shared_data)
    labels = explain.level_labels(train.train(prepare.people_table(people)))
    assert set(labels) == set(explain.FIELDS)
    words = [t for levels in labels.values() for t in levels.values()]
    assert not [t for t in words if "NULL" in t or "Jaro" in t or "Abs " in t or "_" in t]
