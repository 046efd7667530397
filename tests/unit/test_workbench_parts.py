"""Pieces of the workbench that need no server: search syntax, styles, users, audit chain."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from access import audit
from access.appdb import AppDB
from access.users import UserError, add_user, authenticate, check_password_rules, set_disabled
from charts.style import TYPE_STYLE, stylesheet
from graph.explore import lucene_query
from graph.model import ENTITY_LABELS


def test_search_text_becomes_a_safe_typo_tolerant_query() -> None:
    assert lucene_query("Jon Smyth") == "(jon^4 OR jon*) AND (smyth^4 OR smyth* OR smyth~1)"
    # Lucene syntax typed by a user is neutralised, not interpreted.
    q = lucene_query('name:"x" OR (y* AND -z)~ \\')
    assert ":" not in q and '"' not in q and "\\" not in q and "-" not in q
    assert lucene_query("  ") == ""
    assert "~" not in lucene_query("5551234")  # numbers are not fuzzed


def test_every_entity_type_has_a_colour_icon_and_chart_style() -> None:
    assert set(TYPE_STYLE) == set(ENTITY_LABELS)
    selectors = {r["selector"] for r in stylesheet()}
    assert {f"node.{label}" for label in ENTITY_LABELS} <= selectors
    assert "node.intel" in selectors and "edge.SAME_AS.review" in selectors


def test_users_have_argon2id_hashes_and_are_locked_after_failures(tmp_path: Path) -> None:
    db = AppDB(tmp_path / "app.db")
    add_user(db, "ana", "correct horse", "analyst", ["mpd"])
    with sqlite3.connect(db.path) as con:
        (stored,) = con.execute("SELECT password_hash FROM users").fetchone()
    assert stored.startswith("$argon2id$")
    user, outcome = authenticate(db, "ana", "correct horse")
    assert outcome == "ok" and user is not None and user.agencies == ("MPD",)
    assert authenticate(db, "nobody", "x")[1] == "bad-credentials"
    for _ in range(4):
        assert authenticate(db, "ana", "wrong", max_failures=5)[1] == "bad-credentials"
    assert authenticate(db, "ana", "wrong", max_failures=5)[1] == "locked"
    assert authenticate(db, "ana", "correct horse")[1] == "locked"  # even the right password
    with pytest.raises(UserError, match="8 characters"):
        add_user(db, "bo", "short", "analyst", ["MPD"])
    # banned, has the username, or too easy by the breached-password estimate
    for easy in (
        "Password123",
        "qwertyuiop",
        "my-bobby-cop-pw",
        "aaaaaaaa",
        "Passw0rd!",
        "Summer2024!",
    ):
        with pytest.raises(UserError, match="too easy"):
            add_user(db, "bobby", easy, "analyst", ["MPD"])
    with pytest.raises(UserError, match="12 characters"):
        check_password_rules("long enough", "x", min_length=12)
    with pytest.raises(UserError, match="agency"):
        add_user(db, "cy", "long enough pw", "analyst", [])
    add_user(db, "dee", "long enough pw", "supervisor", ["*"])
    set_disabled(db, "dee")
    assert authenticate(db, "dee", "long enough pw")[1] == "disabled"


def test_audit_chain_detects_a_deleted_or_edited_entry(tmp_path: Path) -> None:
    db = AppDB(tmp_path / "app.db")
    for i in range(4):
        audit.record(db, "search", "ana", {"text": f"q{i}"}, "127.0.0.1")
    assert audit.verify(db) == (True, "4 entries, chain intact, signed head at entry 4")
    with sqlite3.connect(db.path) as con, pytest.raises(sqlite3.IntegrityError):
        con.execute("DELETE FROM audit WHERE seq = 2")  # refused by a trigger
    with sqlite3.connect(db.path) as con:  # someone with file access drops the guard
        con.execute("DROP TRIGGER audit_no_update")
        con.execute('UPDATE audit SET detail = \'{"text":"other"}\' WHERE seq = 3')
    ok, message = audit.verify(db)
    assert not ok and "entry 3 was changed" in message
    with sqlite3.connect(db.path) as con:
        con.execute("DROP TRIGGER audit_no_delete")
        con.execute("DELETE FROM audit WHERE seq = 2")
    ok, message = audit.verify(db)
    assert not ok and "entry 2 is missing" in message


def rechain(db: AppDB, key: bytes | None) -> None:
    """What someone who can write app.db (but lacks the audit key) would do: recompute the
    whole chain after an edit, with a plain hash or a key of their own."""
    prev = audit.GENESIS
    with sqlite3.connect(db.path) as con:
        con.row_factory = sqlite3.Row
        con.execute("DROP TRIGGER IF EXISTS audit_no_update")
        con.execute("DROP TRIGGER IF EXISTS audit_no_delete")
        for r in con.execute("SELECT * FROM audit ORDER BY seq").fetchall():
            fields = (r["at"], r["username"], r["action"], r["detail"], r["client"], r["outcome"])
            h = audit.entry_hash(prev, *fields, key=key)
            con.execute(
                "UPDATE audit SET prev_hash = ?, hash = ? WHERE seq = ?", (prev, h, r["seq"])
            )
            prev = h


def test_audit_truncation_and_rechaining_are_detected(tmp_path: Path) -> None:
    def fresh(name: str) -> AppDB:
        db = AppDB(tmp_path / name / "app.db")
        for i in range(5):
            audit.record(db, "search", "ana", {"text": f"q{i}"}, "127.0.0.1")
        assert audit.verify(db)[0]
        return db

    db = fresh("tail")  # the last two entries dropped
    with sqlite3.connect(db.path) as con:
        con.execute("DROP TRIGGER audit_no_delete")
        con.execute("DELETE FROM audit WHERE seq > 3")
    ok, message = audit.verify(db)
    assert not ok and "entries 4 to 5 are missing" in message
    db = fresh("all")  # the whole log dropped
    with sqlite3.connect(db.path) as con:
        con.execute("DROP TRIGGER audit_no_delete")
        con.execute("DELETE FROM audit")
    assert not audit.verify(db)[0]
    for name, key in (("plain", None), ("own-key", b"not the audit key")):
        db = fresh(name)  # one entry edited, then the chain recomputed
        with sqlite3.connect(db.path) as con:
            con.execute("DROP TRIGGER audit_no_update")
            con.execute('UPDATE audit SET detail = \'{"text":"other"}\' WHERE seq = 2')
        rechain(db, key)
        ok, message = audit.verify(db)
        assert not ok and "entry 1 was changed" in message, (name, message)
    db = fresh("head")  # the head file removed: the keyed log cannot be vouched for
    db.audit_head_path.unlink()
    assert not audit.verify(db)[0]
    db = fresh("forged-head")  # a head line not signed with the key
    with db.audit_head_path.open("a") as fh:
        fh.write('{"seq": 9, "hash": "00", "mac": "00"}\n')
    ok, message = audit.verify(db)
    assert not ok and "not signed with the audit key" in message
    # the key and the head live outside the database, owner-only
    key_file = db.path.parent / "audit_key"
    assert key_file.read_text() not in db.path.read_bytes().decode("latin-1")
    assert key_file.stat().st_mode & 0o077 == 0 and db.audit_head_path.stat().st_mode & 0o077 == 0


def test_accounts_unused_for_90_days_are_disabled(tmp_path: Path) -> None:
    import datetime as dt

    from access.users import disable_idle

    db = AppDB(tmp_path / "app.db")
    add_user(db, "old1", "long enough pw", "analyst", ["A"])
    add_user(db, "old2", "long enough pw", "analyst", ["A"])
    add_user(db, "new1", "long enough pw", "analyst", ["A"])
    long_ago = (dt.datetime.now(dt.UTC) - dt.timedelta(days=91)).isoformat()
    with sqlite3.connect(db.path) as con:
        con.execute("UPDATE users SET created_at = ? WHERE username LIKE 'old%'", (long_ago,))
    # at sign-in
    assert authenticate(db, "old1", "long enough pw")[1] == "disabled-idle"
    assert authenticate(db, "old1", "long enough pw")[1] == "disabled"
    # by the daily command
    assert disable_idle(db, 90) == ["old2"]
    assert authenticate(db, "new1", "long enough pw")[1] == "ok"


def test_login_rate_limit_is_per_address_and_slides() -> None:
    from workbench.auth import RateLimit

    now = [1000.0]
    limit = RateLimit(limit=3, window=60, clock=lambda: now[0])
    assert [limit.allow("10.0.0.1") for _ in range(4)] == [True, True, True, False]
    assert limit.allow("10.0.0.2")  # another address is not affected
    now[0] += 59.9
    assert not limit.allow("10.0.0.1")  # still inside the minute
    now[0] += 0.2
    assert limit.allow("10.0.0.1")  # the window moved on


def test_points_become_lat_lon_not_lists() -> None:
    # neo4j's Point is a tuple subclass: it must not be turned into a plain list
    from neo4j.spatial import WGS84Point

    from charts.elements import _where
    from graph.explore import jsonable

    value = jsonable({"point": WGS84Point((-73.95, 40.64)), "seen": [1, 2]})
    assert value == {"point": {"lon": -73.95, "lat": 40.64}, "seen": [1, 2]}
    assert _where(value) == {"lat": 40.64, "lon": -73.95}


def test_search_results_gather_a_subject_and_count_facets() -> None:
    from graph.explore import Entity
    from workbench.callbacks.search import by_subject, facets

    found = [
        Entity("Person", "A:1", {"agency": "A", "cluster_id": "S-1", "name": "Al Ames"}),
        Entity("Phone", "phone:+15550009", {"number": "+15550009", "shared": True}),
        Entity("Person", "B:7", {"agency": "B", "cluster_id": "S-2", "name": "Al Amos"}),
        Entity("Person", "C:1", {"agency": "C", "cluster_id": "S-1", "name": "Alan Ames"}),
    ]
    ordered = by_subject(found)
    assert [(e.uid, same) for e, same in ordered] == [
        ("A:1", False),
        ("C:1", True),
        ("phone:+15550009", False),
        ("B:7", False),
    ]
    assert facets([e for e, _ in ordered]) == "3 Person, 1 Phone; A 1, C 1, shared 1, B 1"


def test_why_a_search_result_matched() -> None:
    from graph.explore import Entity, why_found

    phone = Entity("Phone", "phone:+17182966633", {"number": "+17182966633", "shared": True})
    assert why_found(phone, "296-6633") == "number [+17182966633]"
    car = Entity("Vehicle", "vehicle:WHZ1662", {"plate": "WHZ1662"})
    assert why_found(car, "whz 1662") == "plate [WHZ1662]"
    person = Entity("Person", "A:1", {"name": "Dario Vance", "moniker": "Shorty"})
    assert why_found(person, "shorty") == "moniker: [Shorty]"
    place = Entity("Location", "address:1895 linden blvd|", {"address": "1895 Linden Blvd"})
    assert why_found(place, "1895 Linden Boulevard") == "address: [1895] [Linden] [Blvd]"


def test_answers_with_entities_become_a_flat_table() -> None:
    import csv
    import io

    from exports.csvsafe import tabular, to_csv

    rows = [
        {
            "p": {"uid": "A:p1", "name": "Ann Lee", "type": "Person", "agency": "A"},
            "aliases": ["Annie", "=cmd"],
            "n": 2,
        },
        {"p": None, "aliases": [], "n": 1},
    ]
    text = to_csv(*tabular(["p", "aliases", "n"], rows))
    got = list(csv.DictReader(io.StringIO(text)))
    assert text.splitlines()[0] == "p,p_uid,p_type,p_agency,aliases,n"
    assert got[0] == {
        "p": "Ann Lee",
        "p_uid": "A:p1",
        "p_type": "Person",
        "p_agency": "A",
        "aliases": "Annie; =cmd",
        "n": "2",
    }
    assert got[1]["p"] == "" and "{" not in text


def test_an_optional_date_left_empty_means_any() -> None:
    import pytest as _pytest

    from graph.questions import Parameter, QueryError, library

    since = Parameter("since", "date", optional=True)
    assert since.coerce("") is None and since.coerce("2024-01-02") == "2024-01-02"
    with _pytest.raises(QueryError):
        Parameter("subject", "string").coerce("")
    made_up = [
        (q.name, p.name)
        for q in library().values()
        for p in q.parameters
        if str(p.default) in ("1900-01-01", "2999-12-31")
    ]
    assert not made_up


def test_the_map_names_charted_places_it_cannot_show() -> None:
    from workbench.callbacks.time_place import map_of, places, without_coordinates

    view = [
        {"data": {"id": "l1", "type": "Location", "name": "12 Oak Ave", "lat": 40.7, "lon": -74}},
        {"data": {"id": "l2", "type": "Location", "name": "9 Elm St"}},
        {"data": {"id": "p1", "type": "Person", "name": "Ann"}},
    ]
    assert without_coordinates(view) == ["9 Elm St"]
    shown = str(map_of(places(view), "https://tiles.example/{z}/{x}/{y}.png", "", ["9 Elm St"]))
    assert "9 Elm St" in shown and "tiles.example" in shown and "map-notice" in shown
    only = str(map_of([], "x", "", ["9 Elm St"]))
    assert "no coordinates" in only and "Expand a person" not in only
