from __future__ import annotations

import pytest

from graph.model import ENTITIES, FULLTEXT_INDEX, RELATIONSHIPS, searchable_properties
from graph.schema import SchemaError, load_migrations, split_statements


def all_statements() -> list[str]:
    return [s for m in load_migrations() for s in m.statements]


def test_migrations_are_numbered_and_parse() -> None:
    migrations = load_migrations()
    assert [m.version for m in migrations] == list(range(1, len(migrations) + 1))
    assert all(m.statements for m in migrations)
    assert all(not s.rstrip().endswith(";") for s in all_statements())


def test_every_entity_label_gets_a_uid_constraint() -> None:
    text = "\n".join(all_statements())
    for e in ENTITIES:
        assert f"FOR (n:{e.label}) REQUIRE n.uid IS UNIQUE" in text, e.label


def test_every_lookup_property_has_a_range_index() -> None:
    text = "\n".join(all_statements())
    for e in ENTITIES:
        for prop in e.lookup:
            assert f"FOR (n:{e.label}) ON (n.{prop})" in text, (e.label, prop)


def test_fulltext_index_covers_every_searchable_property_and_label() -> None:
    # the last definition is the index (a fulltext index is rebuilt, not altered)
    fulltext = [s for s in all_statements() if s.startswith("CREATE FULLTEXT INDEX")][-1]
    assert FULLTEXT_INDEX in fulltext
    for prop in searchable_properties():
        assert f"n.{prop}" in fulltext, prop
    for e in ENTITIES:
        if e.searchable:
            assert e.label in fulltext, e.label


def test_location_has_a_point_index() -> None:
    assert any(s.startswith("CREATE POINT INDEX") and "n.point" in s for s in all_statements())


def test_every_statement_is_idempotent() -> None:
    for stmt in all_statements():
        assert "IF NOT EXISTS" in stmt or (stmt.startswith("DROP") and "IF EXISTS" in stmt), stmt


def test_relationship_model_only_names_known_labels() -> None:
    labels = {e.label for e in ENTITIES}
    for rel, start, end in RELATIONSHIPS:
        assert rel.isupper() and start in labels and end in labels


def test_split_statements_respects_quotes_and_comments() -> None:
    text = "// header; with a semicolon\nRETURN 'a;b' AS x;\n\nRETURN \"c\" // trailing\n;RETURN 1"
    assert split_statements(text) == ["RETURN 'a;b' AS x", 'RETURN "c"', "RETURN 1"]
    with pytest.raises(SchemaError):
        split_statements("RETURN 'open")
