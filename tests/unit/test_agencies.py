"""Agencies as records of their own: checked fields, every change audited, the command."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from access import agencies, audit
from access.agencies import Agency, AgencyError
from access.appdb import AppDB
from testkit.cli import run_in_home


def cli(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_in_home(home, "agencies", *args)


def test_an_agency_is_checked_normalised_and_audited(tmp_path: Path) -> None:
    db = AppDB(tmp_path / "app.db")
    cso = Agency("cso", " County Sheriff's Office ", "Local", "Kings County, NY",
                 "Narcotics Unit", "(718) 555-0100", "Narcotics@CSO.example.gov")  # fmt: skip
    saved, new = agencies.save(db, cso, "root")
    assert new and saved.code == "CSO" and saved.level == "local"
    assert saved.contact == "Narcotics Unit, +17185550100, narcotics@cso.example.gov"
    assert agencies.get(db, "cso") == saved
    again, new = agencies.save(db, Agency(**{**saved.__dict__, "contact_unit": "Gang Unit"}), "ann")
    assert not new and again.updated_by == "ann"
    dea = agencies.save(db, Agency("DEA", "Drug Enforcement Administration", "federal"), None)[0]
    assert [a.code for a in agencies.listing(db)] == [dea.code, "CSO"]  # federal first
    entries = [e for e in reversed(audit.entries(db)) if e["action"].startswith("agency-")]
    assert [e["action"] for e in entries] == ["agency-add", "agency-update", "agency-add"]
    changed = entries[1]["detail"]["changed"]
    assert changed == {"contact_unit": ["Narcotics Unit", "Gang Unit"]}  # what, from, to
    for bad, field in (
        (Agency("C:S", "x", "local"), "code"),
        (Agency("CSO", "", "local"), "name"),
        (Agency("CSO", "x", "county"), "level"),
        (Agency("CSO", "x", "local", contact_phone="call me"), "contact phone"),
        (Agency("CSO", "x", "local", contact_email="nobody"), "contact e-mail"),
    ):
        with pytest.raises(AgencyError, match=field):
            agencies.save(db, bad, "root")
    assert agencies.get(db, "CSO") == again  # a refused change changes nothing


def test_the_command_adds_lists_and_shows(tmp_path: Path) -> None:
    added = cli(tmp_path, "add", "TPD", "--name", "Tribal Police Department", "--level",
                "tribal", "--jurisdiction", "Nation lands", "--unit", "Investigations",
                "--phone", "555-555-0199")  # fmt: skip
    assert added.returncode == 0 and "Added TPD" in added.stdout, added.stdout + added.stderr
    changed = cli(tmp_path, "add", "tpd", "--email", "inv@tpd.example.gov")
    assert changed.returncode == 0 and "Updated TPD" in changed.stdout
    shown = cli(tmp_path, "show", "TPD")
    assert "Investigations" in shown.stdout and "inv@tpd.example.gov" in shown.stdout
    assert "Nation lands" in shown.stdout  # the update kept what it did not name
    listed = cli(tmp_path, "list")
    assert "Tribal Police Department" in listed.stdout and "tribal" in listed.stdout
    refused = cli(tmp_path, "add", "XPD", "--name", "X", "--level", "county")
    assert refused.returncode == 1 and "level 'county'" in refused.stdout
    missing = cli(tmp_path, "show", "NOPE")
    assert missing.returncode == 1 and "no agency 'NOPE'" in missing.stdout
