"""`civicfusion sharing set|list` and the demo's sharing setup, run as the real command."""

from __future__ import annotations

from pathlib import Path

from access import audit, sharing
from access.appdb import AppDB
from access.users import get_user
from testkit.cli import run_in_home


def test_demo_accounts_agencies_and_terms_then_an_owner_admin_changes_one(tmp_path: Path) -> None:
    first = run_in_home(tmp_path, "users", "demo")
    assert first.returncode == 0, first.stderr
    for name in ("demo", "demo-mpd", "cso-admin", "gtf-admin"):
        assert f"{name} / " in first.stdout
    again = run_in_home(tmp_path, "users", "demo")  # idempotent: fresh passwords only
    assert again.returncode == 0, again.stderr
    db = AppDB(tmp_path / "app.db")
    assert get_user(db, "demo-mpd").agencies == ("MPD",)
    reach = sharing.reach(db, get_user(db, "demo-mpd"), ["MPD"])
    assert reach.pointer == {
        "CSO": frozenset({"incident", "arrest"}),
        "GTF": frozenset({"intelligence"}),
    }
    assert reach.full == {}
    assert len(sharing.listing(db)) == 4

    # CSO's administrator widens a term; MPD's analyst may not
    ok = run_in_home(tmp_path, "sharing", "set", "cso", "MPD", "incident", "full",
                     "--ends", "2030-06-30", "--as", "cso-admin")  # fmt: skip
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "CSO → MPD: incident reports: full until 2030-06-30." in ok.stdout
    no = run_in_home(tmp_path, "sharing", "set", "CSO", "MPD", "intelligence", "full",
                     "--as", "demo-mpd")  # fmt: skip
    assert no.returncode == 1 and "only an administrator of CSO" in no.stdout
    bad = run_in_home(tmp_path, "sharing", "set", "CSO", "MPD", "gossip", "full",
                      "--as", "cso-admin")  # fmt: skip
    assert bad.returncode == 1 and "class 'gossip' is not one of" in bad.stdout
    assert sharing.reach(db, get_user(db, "demo-mpd"), ["MPD"]).full == {
        "CSO": frozenset({"incident"})
    }
    listed = run_in_home(tmp_path, "sharing", "list", "CSO")
    assert "every partner" not in listed.stdout and "2030-06-30" in listed.stdout
    outcomes = [(e["username"], e["outcome"]) for e in audit.entries(db, "sharing-set")]
    assert ("demo-mpd", "denied") in outcomes and ("cso-admin", "ok") in outcomes
