"""Personal and team queries in the app database, validated against the real Neo4j."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from graph import queries
from graph.db import Graph
from workbench import user_queries as uq
from workbench.appdb import AppDB
from workbench.users import add_user

TEXT = """// name: my_drug_people
// title: People in drug incidents
// description: People involved in incidents that recovered drugs.
// category: narcotics
// parameters:
//   drug: {type: string, default: "Heroin", description: drug type}
// returns: graph
// revision: 1
MATCH (p:Person)-[r:INVOLVED_IN]->(i:Incident)-[x:INVOLVED_DRUG]->(d:Drug {drug_type: $drug})
WHERE all(n IN [p, i, d] WHERE n.agency IN $agencies)
  AND r.agency IN $agencies AND x.agency IN $agencies
RETURN p, r, i, x, d
"""


@pytest.fixture(scope="module")
def fixture_graph(session_graph: Graph, case_graph: Callable[[Graph], Graph]) -> Graph:
    case_graph(session_graph)
    return session_graph


@pytest.fixture
def db(tmp_path: Path) -> AppDB:
    return AppDB(tmp_path / "app.db")


def test_save_run_version_rename_delete(fixture_graph: Graph, db: AppDB) -> None:
    ann = add_user(db, "ann", "long password 1", "analyst", ["A"])
    saved = uq.save(db, fixture_graph, ann, TEXT)
    assert saved.version == 1 and saved.name == "my_drug_people"
    result = queries.run(fixture_graph, saved.query, {}, ["A"])
    assert {e.uid for e in result.entities} == {"A:p1", "A:p3", "A:i2", "A:d2"}
    again = uq.save(db, fixture_graph, ann, TEXT.replace('"Heroin"', '"Crack Cocaine"'))
    assert again.id == saved.id and again.version == 2
    assert [v for v, _, _ in uq.versions(db, ann, saved.key)] == [1, 2]
    renamed = uq.rename(db, fixture_graph, ann, saved.key, "drug_people")
    assert renamed.name == "drug_people" and renamed.query.name == "drug_people"
    assert renamed.version == 3
    last = uq.delete(db, ann, saved.key)
    assert "drug_people" in last and uq.visible(db, ann, ["A"]) == []


def test_team_queries_reach_users_cleared_for_the_owners_agencies(
    fixture_graph: Graph, db: AppDB
) -> None:
    ann = add_user(db, "ann", "long password 1", "analyst", ["A"])
    bob = add_user(db, "bob", "long password 2", "analyst", ["A", "C"])
    cat = add_user(db, "cat", "long password 3", "analyst", ["C"])
    mine = uq.save(db, fixture_graph, ann, TEXT)
    assert uq.visible(db, bob, ["A", "C"]) == []  # personal until shared
    uq.save(db, fixture_graph, ann, TEXT, shared=True)
    assert [q.name for q in uq.visible(db, bob, ["A", "C"])] == ["my_drug_people"]
    assert uq.visible(db, cat, ["C"]) == []  # not cleared for A
    assert uq.get(db, cat, mine.key, ["C"]) is None
    with pytest.raises(queries.QueryError, match="only the owner"):
        uq.delete(db, bob, mine.key)


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda t: t.replace("RETURN p, r, i, x, d", "SET p.x = 1 RETURN p"), "read-only"),
        (lambda t: t.replace("$agencies", "['A']"), "agencies"),
        (lambda t: t.replace("name: my_drug_people", "name: co_offenders"), "library"),
        (lambda t: "MATCH (n) WHERE n.agency IN $agencies RETURN n", "header lacks"),
    ],
)
def test_unsafe_or_invalid_queries_are_not_saved(
    fixture_graph: Graph,
    db: AppDB,
    change,
    reason: str,  # type: ignore[no-untyped-def]
) -> None:
    ann = add_user(db, "ann", "long password 1", "analyst", ["A"])
    with pytest.raises(queries.QueryError, match=reason):
        uq.save(db, fixture_graph, ann, change(TEXT))
    assert uq.visible(db, ann, ["A"]) == []


def test_editing_my_query_with_a_new_name_renames_it(fixture_graph: Graph, db: AppDB) -> None:
    ann = add_user(db, "ann", "long password 1", "analyst", ["A"])
    first = uq.save(db, fixture_graph, ann, TEXT)
    other = uq.save(db, fixture_graph, ann, TEXT.replace("my_drug_people", "second_one"))
    edited = uq.save(
        db, fixture_graph, ann, TEXT.replace("my_drug_people", "renamed_one"), editing=first.key
    )
    assert edited.id == first.id and edited.name == "renamed_one" and edited.version == 2
    assert sorted(q.name for q in uq.visible(db, ann, ["A"])) == ["renamed_one", "second_one"]
    with pytest.raises(queries.QueryError, match="already have a query named"):
        uq.save(
            db, fixture_graph, ann, TEXT.replace("my_drug_people", "second_one"), editing=first.key
        )
    assert other.name == "second_one"
