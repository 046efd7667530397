"""Deconfliction without a graph: planted overlaps of case subjects and of operations in
place and time are found, each side told once with the other's reference and contact, and
nothing else raises a notice."""

from __future__ import annotations

from pathlib import Path

import pytest

from access import agencies, audit, deconfliction, notices
from access.agencies import Agency
from access.appdb import AppDB
from access.deconfliction import Operation, OperationError
from access.users import add_user, get_user
from testkit.cli import run_in_home
from workbench.inbox_layout import conflict_banner

PW = "amber-quarry-lantern-41"


@pytest.fixture
def db(tmp_path: Path) -> AppDB:
    db = AppDB(tmp_path / "app.db")
    for code, level in (("CPD", "local"), ("CSO", "local"), ("TRB", "tribal"), ("FBI", "federal")):
        agencies.save(db, Agency(code, f"{code} name", level, contact_unit=f"{code} desk",
                                 contact_phone="+12125550100"), None)  # fmt: skip
    for name, clear in (("cara", ["CPD"]), ("carl", ["CPD"]), ("sam", ["CSO"]),
                        ("tia", ["TRB"]), ("fay", ["CPD", "CSO"])):  # fmt: skip
        add_user(db, name, PW, "analyst", clear)
    return db


def op(agency: str, ref: str, lat: float, lon: float, r: float, t0: str, t1: str) -> Operation:
    return Operation(agency, "", "search warrant", ref, lat, lon, r, t0, t1)


def test_distance_is_great_circle() -> None:
    a = op("CPD", "a", 40.0, -73.0, 1, "2026-01-01T00:00", "2026-01-01T01:00")
    b = op("CPD", "b", 40.001, -73.0, 1, "2026-01-01T00:00", "2026-01-01T01:00")
    assert 110 < deconfliction.metres_apart(a, b) < 112  # a thousandth of a degree of latitude


def test_operations_overlapping_in_place_and_time_notify_both_once(db: AppDB) -> None:
    u = {n: get_user(db, n) for n in ("cara", "carl", "sam", "tia")}
    base, mine = deconfliction.add_operation(
        db, op("CPD", "OP-CPD-1", 40.0, -73.0, 200, "2026-12-10T10:00", "2026-12-10T12:00"),
        u["cara"])  # fmt: skip
    assert mine == []
    # 150 m away, an hour later, CSO: overlaps
    _, met = deconfliction.add_operation(
        db, op("CSO", "CSO-BUY-7", 40.00135, -73.0, 100, "2026-12-10T11:00", "2026-12-10T13:00"),
        u["sam"])  # fmt: skip
    assert [(m.agency, m.reference) for m in met] == [("CPD", "OP-CPD-1")]
    # planted non-overlaps: 5 km away at the same time; same place the next day; touching
    # windows only (one ends when the other starts); the same agency at the same place
    for who, o in (
        ("tia", op("TRB", "TRB-1", 40.045, -73.0, 300, "2026-12-10T10:00", "2026-12-10T12:00")),
        ("sam", op("CSO", "CSO-2", 40.0, -73.0, 200, "2026-12-11T10:00", "2026-12-11T12:00")),
        ("sam", op("CSO", "CSO-3", 40.0, -73.0, 200, "2026-12-10T12:00", "2026-12-10T14:00")),
        ("carl", op("CPD", "CPD-2", 40.0, -73.0, 200, "2026-12-10T10:30", "2026-12-10T11:00")),
    ):
        assert deconfliction.add_operation(db, o, u[who])[1] == [], o.reference
    cpd, cso = notices.inbox(db, ["CPD"]), notices.inbox(db, ["CSO"])
    assert len(cpd) == 1 and len(cso) == 1 and notices.inbox(db, ["TRB"]) == []
    assert cpd[0].body["their_reference"] == "CSO-BUY-7"
    assert cpd[0].body["their_contact"] == "CSO desk, +12125550100"
    assert cso[0].body["their_reference"] == "OP-CPD-1" and cso[0].body["your_reference"] == (
        "CSO-BUY-7"
    )
    assert "150 m apart" in cso[0].body["what"]
    banner = str(conflict_banner(cpd))
    assert "OP-CPD-1" in banner and "CSO-BUY-7" in banner
    assert conflict_banner(notices.inbox(db, ["TRB"])) is None
    assert len(audit.entries(db, "deconfliction-operation")) == 2
    assert base.starts == "2026-12-10T10:00+00:00"
    # each agency lists its own operations only
    assert {o.reference for o in deconfliction.operations(db, ["TRB"])} == {"TRB-1"}


def test_an_operation_is_checked(db: AppDB) -> None:
    cara = get_user(db, "cara")
    ok = op("CPD", "X", 40.0, -73.0, 100, "2026-12-10T10:00", "2026-12-10T12:00")
    for bad, message in (
        (op("CSO", "X", 40.0, -73.0, 100, ok.starts, ok.ends), "cara does not work for CSO"),
        (op("CPD", "X", 91.0, -73.0, 100, ok.starts, ok.ends), "is not a latitude"),
        (op("CPD", "X", 40.0, -73.0, 0, ok.starts, ok.ends), "radius"),
        (op("CPD", "X", 40.0, -73.0, 100, ok.ends, ok.starts), "is not after the start"),
        (op("CPD", "X", 40.0, -73.0, 100, "tomorrow", ok.ends), "'tomorrow' is not a date"),
        (op("CPD", " ", 40.0, -73.0, 100, ok.starts, ok.ends), "needs a reference"),
    ):
        with pytest.raises(OperationError, match=message):
            deconfliction.add_operation(db, bad, cara)


def chart_of(*nodes: dict) -> dict:
    return {"elements": {n["id"]: {"data": n} for n in nodes}}


def test_cases_of_two_agencies_on_one_subject_are_deconflicted_once(db: AppDB) -> None:
    cara, sam, tia, fay = (get_user(db, n) for n in ("cara", "sam", "tia", "fay"))
    reyes_cpd = {"id": "CPD:p1", "type": "Person", "cluster": "S-REYES", "agency": "CPD"}
    reyes_cso = {"id": "CSO:p9", "type": "Person", "cluster": "S-REYES", "agency": "CSO"}
    phone = {"id": "phone:+15550101", "type": "Phone", "shared": True}
    other = {"id": "TRB:p1", "type": "Person", "cluster": "S-OTHER", "agency": "TRB"}
    link = {"id": "e1", "source": "CPD:p1", "target": "phone:+15550101", "type": "USES"}
    assert (
        deconfliction.register_case(db, 1, cara, "24-118", chart_of(reyes_cpd, phone, link)) == []
    )
    met = deconfliction.register_case(db, 2, sam, "S-77", chart_of(reyes_cso, phone))
    assert sorted((m.agency, m.reference, m.what) for m in met) == [
        ("CPD", "24-118", "same phone"), ("CPD", "24-118", "same subject")
    ]  # fmt: skip
    assert deconfliction.register_case(db, 3, tia, "T-1", chart_of(other)) == []
    # saving again tells no one twice; a colleague's case of the same agency is no conflict
    # with 24-118, but is one with CSO's
    deconfliction.register_case(db, 2, sam, "S-77", chart_of(reyes_cso, phone))
    carl = deconfliction.register_case(db, 4, get_user(db, "carl"), "24-200", chart_of(reyes_cpd))
    assert [(m.agency, m.reference) for m in carl] == [("CSO", "S-77")]
    cpd = notices.inbox(db, ["CPD"])
    assert sorted((n.body["your_reference"], n.body["what"]) for n in cpd) == [
        ("24-118", "same phone"), ("24-118", "same subject"), ("24-200", "same subject")
    ]  # fmt: skip
    assert all(n.body["their_reference"] == "S-77" for n in cpd)
    assert len(notices.inbox(db, ["CSO"])) == 3 and notices.inbox(db, ["TRB"]) == []
    text = str([n.body for n in cpd])
    assert "S-REYES" not in text and "CSO:p9" not in text and "5550101" not in text
    # a user of several agencies saves for the fusion center
    met = deconfliction.register_case(db, 5, fay, "FC-1", chart_of(reyes_cpd))
    assert sorted(m.reference for m in met) == ["24-118", "24-200", "S-77"]
    assert len(notices.inbox(db, ["FUSION"])) == 3


def test_operations_command(tmp_path: Path) -> None:
    db = AppDB(tmp_path / "app.db")
    agencies.save(db, Agency("CPD", "City PD", "local"), None)
    agencies.save(db, Agency("CSO", "Sheriff", "local", contact_unit="Narcotics"), None)
    add_user(db, "cara", PW, "analyst", ["CPD"])
    add_user(db, "sam", PW, "analyst", ["CSO"])
    first = run_in_home(tmp_path, "operations", "add", "OP-1", "--lat", "40.0", "--lon", "-73.0",
                        "--starts", "2026-12-10T10:00", "--ends", "2026-12-10T12:00",
                        "--as", "cara")  # fmt: skip
    assert first.returncode == 0 and "registered for CPD" in first.stdout, first.stdout
    second = run_in_home(tmp_path, "operations", "add", "BUY-9", "--lat", "40.001",
                         "--lon", "-73.0", "--radius", "50", "--kind", "buy",
                         "--starts", "2026-12-10T11:00", "--ends", "2026-12-10T11:30",
                         "--as", "sam")  # fmt: skip
    assert second.returncode == 0, second.stdout + second.stderr
    assert "Deconfliction: CPD OP-1" in second.stdout
    bad = run_in_home(tmp_path, "operations", "add", "X", "--lat", "40", "--lon", "-73",
                      "--starts", "2026-12-10T11:00", "--ends", "2026-12-10T10:00",
                      "--as", "sam")  # fmt: skip
    assert bad.returncode == 1 and "is not after the start" in bad.stdout
    listed = run_in_home(tmp_path, "operations", "list", "--as", "cara")
    assert "OP-1" in listed.stdout and "BUY-9" not in listed.stdout
