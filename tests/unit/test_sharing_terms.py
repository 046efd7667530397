"""Sharing terms without a server: which term decides, the class of a record, and the
statements as the guarded path runs them for a scope that agreements widen."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from access.sharing import Agreement, tiers
from graph import guarded
from graph.model import share_class
from graph.scope import NoClearance, Scope

ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 6, 1)


def test_the_most_specific_term_in_force_decides() -> None:
    terms = [
        Agreement("CSO", "*", "incident", "pointer"),
        Agreement("CSO", "level:tribal", "incident", "full"),
        Agreement("CSO", "TRB", "incident", "none"),
        Agreement("CSO", "*", "arrest", "full", ends="2026-05-31"),
        Agreement("CSO", "*", "juvenile", "pointer", starts="2026-06-01", ends="2026-06-01"),
    ]
    assert tiers(terms, "TRB", "tribal", TODAY) == {"CSO": {"juvenile": "pointer"}}
    assert tiers(terms, "NAV", "tribal", TODAY) == {
        "CSO": {"incident": "full", "juvenile": "pointer"}
    }
    assert tiers(terms, "CPD", "local", TODAY) == {
        "CSO": {"incident": "pointer", "juvenile": "pointer"}
    }
    assert tiers(terms, "CPD", "local", TODAY + dt.timedelta(1)) == {"CSO": {"incident": "pointer"}}
    assert tiers(terms, "CSO", "local", TODAY) == {}  # an owner has no terms with itself


def test_the_class_of_a_record_is_its_most_protective() -> None:
    assert share_class({"record_class": "incident"}, "Person") == "incident"
    assert share_class({}, "Arrest") == "arrest"
    assert share_class({"record_class": "intelligence"}, "Arrest") == "intelligence"
    assert share_class({"record_class": "intelligence", "juvenile": True}) == "juvenile"
    assert share_class({"share_class": "field_interview"}, "Person") == "field_interview"
    assert share_class({"share_class": "anything"}, "Person") == "incident"


def test_scopes_for_pointers_and_grants() -> None:
    mine = Scope.cleared("cara", ["CPD"]).with_grants({"FBI": ["incident"], "CPD": ["x"]})
    assert mine.grant_keys == ["FBI|incident"]  # (its own agency needs no grant)
    assert mine.reads("FBI", "incident") and not mine.reads("FBI", "intelligence")
    assert mine.reads("CPD", "intelligence") and not mine.reads("CSO", "incident")
    two = Scope.cleared("cara", ["CPD", "MPD"]).with_grants({"FBI": ["incident"]})
    assert two.narrowed(["CPD"]).granted == ()  # narrowing to CPD drops the FBI grant
    assert two.narrowed(["CPD", "FBI"]).grant_keys == ["FBI|incident"]
    assert two.narrowed(["FBI"]) == two  # a pick of no own agency narrows nothing
    pointer = Scope.pointer("cara", {"CSO": ["incident"], "TRB": []})
    assert pointer.pointer_scope and pointer.codes == ["CSO"]
    assert pointer.pointer_to("CSO", "incident") and not pointer.pointer_to("CSO", "arrest")
    with pytest.raises(NoClearance):
        Scope.pointer("cara", {})
    with pytest.raises(guarded.ScopeRequired):
        guarded.PointerTally(mine)


def statements() -> list[Path]:
    return sorted(
        [*(ROOT / "graph" / "cypher").glob("*.cypher"), *(ROOT / "queries").rglob("*.cypher")]
    )


def test_every_agency_filter_of_every_statement_takes_the_grants() -> None:
    """A statement filters by `x.agency IN $agencies` and no other way, so the rewrite
    reaches every filter: a grant cannot be forgotten by a new statement, and a statement
    without grants runs unchanged."""
    plain = Scope.cleared("cara", ["CPD"])
    granted = plain.with_grants({"FBI": ["incident"]})
    seen = 0
    for path in statements():
        text = path.read_text(encoding="utf-8")
        uses = text.count("$agencies")
        if not uses:
            continue
        seen += 1
        filters = len(re.findall(r"\b\w+\.agency\s+IN\s+\$agencies\b", text))
        assert filters == uses, f"{path.name}: $agencies used other than as x.agency IN $agencies"
        assert guarded.statement_for(plain, text) == text
        out = guarded.statement_for(granted, text)
        assert out.count("IN $granted") == filters, path.name
    assert seen > 30
