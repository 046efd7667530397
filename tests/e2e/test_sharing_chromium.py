"""Sharing across jurisdictions in the browser: an analyst of one agency sees a pointer card
(who holds records and whom to call, nothing of the records) and an operation-conflict
banner; the owner's administrator sets a sharing term on the admin page."""

from __future__ import annotations

from typing import Any

from access import agencies, deconfliction, sharing
from access.agencies import Agency
from access.deconfliction import Operation
from access.users import get_user

from .conftest import ARTIFACTS, PASSWORDS, Workbench
from .test_workbench_chromium import sign_in


def prepare(wb: Workbench) -> str:
    """The agencies described, CSO pointing MPD to its incident reports, two operations of
    MPD and CSO overlapping; returns the name of a person only CSO records."""
    described = (
        ("MPD", "Metro Police Department", "local", "Gang Unit"),
        ("CSO", "County Sheriff's Office", "local", "Narcotics Unit"),
        ("GTF", "Regional Gang Task Force", "state", "Intel Desk"),
    )
    for code, name, level, unit in described:
        agencies.save(wb.db, Agency(code, name, level, contact_unit=unit,
                                    contact_phone="+12125550100"), None)  # fmt: skip
    admin = get_user(wb.db, "cso")
    sharing.save(wb.db, sharing.Agreement("CSO", "MPD", "incident", "pointer"), admin)
    mia, sam = get_user(wb.db, "mia"), get_user(wb.db, "sam")
    when = ("2026-12-20T06:00", "2026-12-20T09:00")
    deconfliction.add_operation(wb.db, Operation("MPD", "", "search warrant", "MPD-SW-12",
                                                 40.70, -73.95, 150, *when), mia)  # fmt: skip
    deconfliction.add_operation(wb.db, Operation("CSO", "", "buy", "CSO-BUY-3", 40.701, -73.95,
                                                 100, *when), sam)  # fmt: skip
    rows = wb.graph.read(
        "MATCH (p:Person {agency: 'CSO'}) WHERE p.name IS NOT NULL"
        " AND coalesce(p.record_class, 'incident') = 'incident' AND p.family_name IS NOT NULL"
        " AND NOT EXISTS { MATCH (q:Person) WHERE q.family_name = p.family_name"
        "                  AND q.agency <> 'CSO' }"
        " RETURN p.name AS name ORDER BY p.uid LIMIT 1"
    )
    return rows[0]["name"]


def test_pointer_card_conflict_banner_and_the_owner_sets_a_term(
    workbench: Workbench, page: Any
) -> None:
    name = prepare(workbench)
    sign_in(page, workbench.url, "mia")
    banner = page.locator("#conflict-banner")
    banner.wait_for()
    assert "MPD-SW-12" in banner.inner_text() and "CSO-BUY-3" in banner.inner_text()
    page.fill("#search-text", name)
    page.press("#search-text", "Enter")
    card = page.locator(".pointer-card").first
    card.wait_for()
    text = card.inner_text()
    assert "County Sheriff's Office (CSO) holds" in text and "Narcotics Unit" in text
    assert name not in text  # the card names no one
    results = page.inner_text("#results-box")
    assert "CSO" not in results  # and the results list holds nothing of CSO's
    page.screenshot(path=str(ARTIFACTS / "20-pointer-card.png"))

    # CSO's administrator shares incident reports in full with the task force
    page.context.clear_cookies()  # (a second person at another desk)
    page.goto(workbench.url + "/")
    page.fill("#username", "cso")
    page.fill("#password", PASSWORDS["cso"])
    page.click("#sign-in")
    page.wait_for_selector("#sharing-save")
    for box, option in (
        ("#sharing-partner", "GTF — Regional Gang Task Force"),
        ("#sharing-class", "Incident reports"),
    ):
        # a short list: open it and click the option, as a user does (typing into the
        # search box races its focus on a loaded host: a first letter can be lost)
        page.click(box)
        page.get_by_role("option", name=option, exact=True).click()
        page.wait_for_selector(f"{box} >> text={option}")
    page.locator("#sharing-tier").get_by_text("full", exact=True).click()
    page.click("#sharing-save")
    page.wait_for_selector("#sharing-message >> text=Set:")
    assert "Set: GTF, incident reports: full." in page.inner_text("#sharing-message")
    assert "GTF" in page.inner_text("#sharing-table")
    assert sharing.get(workbench.db, "CSO", "GTF", "incident").tier == "full"
    page.screenshot(path=str(ARTIFACTS / "21-sharing-terms.png"))
    assert not page.console_errors, page.console_errors
