"""Personal and team queries in the app database, validated against the real Neo4j: free-form
Cypher only for a scope that covers every agency; everyone saves library questions with their
own values."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from access import personal_queries as uq
from access.appdb import AppDB
from access.users import add_user
from graph import questions
from graph.db import Graph
from graph.scope import Scope


def S(*codes: str) -> Scope:
    """The scope of a test user cleared for these agencies."""
    return Scope.cleared("test-user", codes)


EVERY = S("A", "B", "C")
PRESET = """// name: my_heroin_people
// title: Heroin people
// from: co_offenders
// values:
//   subject: "A:p1"
"""


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
    sup = add_user(db, "sup", "long password 1", "supervisor", ["*"])
    saved = uq.save(db, fixture_graph, sup, EVERY, TEXT)
    assert saved.version == 1 and saved.name == "my_drug_people"
    result = uq.run(db, fixture_graph, sup, saved.key, {}, EVERY)
    assert {e.uid for e in result.entities} == {"A:p1", "A:p3", "A:i2", "A:d2"}
    again = uq.save(db, fixture_graph, sup, EVERY, TEXT.replace('"Heroin"', '"Crack Cocaine"'))
    assert again.id == saved.id and again.version == 2
    assert [v for v, _, _ in uq.versions(db, sup, saved.key)] == [1, 2]
    renamed = uq.rename(db, fixture_graph, sup, EVERY, saved.key, "drug_people")
    assert renamed.name == "drug_people" and renamed.query.name == "drug_people"
    assert renamed.version == 3
    last = uq.delete(db, sup, saved.key)
    assert "drug_people" in last and uq.visible(db, sup, EVERY) == []


def test_a_narrower_scope_saves_library_questions_not_cypher(
    fixture_graph: Graph, db: AppDB
) -> None:
    ann = add_user(db, "ann", "long password 1", "analyst", ["A"])
    with pytest.raises(questions.QueryError, match="cleared for every agency"):
        uq.save(db, fixture_graph, ann, S("A"), TEXT)
    leaky = TEXT.replace("WHERE all(", "WHERE true OR all(")  # mentions $agencies, ignores it
    with pytest.raises(questions.QueryError, match="cleared for every agency"):
        uq.save(db, fixture_graph, ann, S("A"), leaky)
    saved = uq.save(db, fixture_graph, ann, S("A"), PRESET)
    assert saved.query.library_name == "co_offenders" and not saved.query.free_form
    result = uq.run(db, fixture_graph, ann, saved.key, {}, S("A"))
    assert result.query.title == "Heroin people" and result.entities
    assert all(e.props["agency"] == "A" for e in result.entities)
    with pytest.raises(questions.QueryError, match="no parameter"):
        uq.save(db, fixture_graph, ann, S("A"), PRESET.replace("subject:", "nobody:"))
    # free-form text that reached the app DB some other way (an older version) never runs
    with db.connect() as con:
        con.execute("UPDATE user_query_versions SET text = ?", (leaky,))
    with pytest.raises(questions.QueryError, match="cleared for every agency"):
        uq.run(db, fixture_graph, ann, saved.key, {}, S("A"))


def test_team_queries_reach_users_cleared_for_the_owners_agencies(
    fixture_graph: Graph, db: AppDB
) -> None:
    ann = add_user(db, "ann", "long password 1", "analyst", ["A"])
    bob = add_user(db, "bob", "long password 2", "analyst", ["A", "C"])
    cat = add_user(db, "cat", "long password 3", "analyst", ["C"])
    mine = uq.save(db, fixture_graph, ann, S("A"), PRESET)
    assert uq.visible(db, bob, S("A", "C")) == []  # personal until shared
    uq.save(db, fixture_graph, ann, S("A"), PRESET, shared=True)
    assert [q.name for q in uq.visible(db, bob, S("A", "C"))] == ["my_heroin_people"]
    assert uq.visible(db, cat, S("C")) == []  # not cleared for A
    assert uq.get(db, cat, mine.key, S("C")) is None
    with pytest.raises(questions.QueryError, match="only the owner"):
        uq.delete(db, bob, mine.key)
    # a team query in free-form Cypher runs for nobody whose scope is narrower
    sup = add_user(db, "sup", "long password 4", "supervisor", ["A", "B", "C"])
    team = uq.save(db, fixture_graph, sup, EVERY, TEXT, shared=True)
    with pytest.raises(questions.QueryError):
        uq.run(db, fixture_graph, bob, team.key, {}, S("A", "C"))


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda t: t.replace("RETURN p, r, i, x, d", "SET p.x = 1 RETURN p"), "read-only"),
        (lambda t: t.replace("$agencies", "['A']"), "agencies"),
        (lambda t: t.replace("name: my_drug_people", "name: co_offenders"), "library"),
        (lambda t: "MATCH (n) WHERE n.agency IN $agencies RETURN n", "header lacks"),
        (
            lambda t: t.replace(
                "RETURN p, r, i, x, d", "WITH p LOAD CSV FROM 'http://x' AS l RETURN p"
            ),
            "LOAD CSV",
        ),
    ],
)
def test_unsafe_or_invalid_queries_are_not_saved(
    fixture_graph: Graph,
    db: AppDB,
    change,
    reason: str,  # type: ignore[no-untyped-def]
) -> None:
    sup = add_user(db, "sup", "long password 1", "supervisor", ["*"])
    with pytest.raises(questions.QueryError, match=reason):
        uq.save(db, fixture_graph, sup, EVERY, change(TEXT))
    assert uq.visible(db, sup, EVERY) == []


def test_editing_my_query_with_a_new_name_renames_it(fixture_graph: Graph, db: AppDB) -> None:
    sup = add_user(db, "sup", "long password 1", "supervisor", ["*"])
    first = uq.save(db, fixture_graph, sup, EVERY, TEXT)
    other = uq.save(db, fixture_graph, sup, EVERY, TEXT.replace("my_drug_people", "second_one"))
    edited = uq.save(
        db, fixture_graph, sup, EVERY, TEXT.replace("my_drug_people", "renamed_one"),
        editing=first.key,
    )  # fmt: skip
    assert edited.id == first.id and edited.name == "renamed_one" and edited.version == 2
    assert sorted(q.name for q in uq.visible(db, sup, EVERY)) == ["renamed_one", "second_one"]
    with pytest.raises(questions.QueryError, match="already have a query named"):
        uq.save(
            db, fixture_graph, sup, EVERY, TEXT.replace("my_drug_people", "second_one"),
            editing=first.key,
        )  # fmt: skip
    assert other.name == "second_one"
