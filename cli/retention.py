"""`civicfusion retention review | renew | purge` (28 CFR Part 23), every action audited."""

from __future__ import annotations

import datetime as dt
import getpass

import typer
from rich.console import Console
from rich.table import Table

from access import audit
from access.appdb import AppDB
from charts import cases
from cli.errors import friendly_errors
from graph import retention
from graph.db import Graph
from settings import get_settings

console = Console()
retention_app = typer.Typer(
    help="28 CFR Part 23 review and purge of intelligence records.", no_args_is_help=True
)


def _date(value: str | None) -> dt.date:
    return dt.date.fromisoformat(value) if value else dt.date.today()


@retention_app.command("review")
@friendly_errors
def review(due_by: str = typer.Option(None, help="Due on or before (default today).")) -> None:
    """Intelligence records whose review is due."""
    with Graph() as graph:
        rows = retention.due(graph, _date(due_by))
    audit.record(
        AppDB(get_settings().app_db_path),
        "retention-review",
        getpass.getuser(),
        {"due_by": str(_date(due_by)), "records": len(rows)},
        "cli",
    )
    table = Table(
        "kind",
        "uid",
        "agency",
        "review due",
        "submitted by",
        "criminal predicate",
        title=f"{len(rows)} intelligence record(s) due",
    )
    for r in rows:
        table.add_row(
            r["kind"],
            r["uid"],
            r["agency"],
            str(r["review_due"]),
            r["submitted_by"] or "",
            r["criminal_predicate"] or "",
        )
    console.print(table)


@retention_app.command("renew")
@friendly_errors
def renew(
    uids: list[str],
    reason: str = typer.Option(..., help="Why the record is still needed (recorded)."),
) -> None:
    """Re-validate records after review: next review in 5 years."""
    who = getpass.getuser()
    with Graph() as graph:
        n = retention.renew(graph, uids, who, reason)
    audit.record(
        AppDB(get_settings().app_db_path),
        "retention-renew",
        who,
        {"uids": uids, "reason": reason, "renewed": n},
        "cli",
    )
    console.print(f"Renewed {n} record(s) for 5 years.")


@retention_app.command("purge")
@friendly_errors
def purge(
    before: str = typer.Option(None, help="Purge records due before this date (default today)."),
    yes: bool = typer.Option(False, "--yes", help="Really delete (otherwise: what would go)."),
) -> None:
    """Delete intelligence records past their review date, with their relationships."""
    when = _date(before)
    who = getpass.getuser()
    db = AppDB(get_settings().app_db_path)
    with Graph() as graph:
        if not yes:
            rows = [r for r in retention.due(graph, when - dt.timedelta(days=1))]
            console.print(f"{len(rows)} record(s) would be purged; add --yes to purge them.")
            return
        gone = retention.purge(graph, when)
    audit.record(
        db,
        "retention-purge",
        who,
        {
            "before": str(when),
            "purged": [
                {
                    "kind": g["kind"],
                    "uid": g["uid"],
                    "agency": g["agency"],
                    "review_due": str(g["due"]),
                }
                for g in gone
            ],
        },
        "cli",
    )
    uids = [str(g["uid"]) for g in gone if g.get("uid")]
    taken = cases.scrub_recorded(db, uids, who, "retention-purge-from-cases", {}, "cli")
    console.print(
        f"Purged {len(gone)} intelligence record(s); the audit log lists them"
        + (f"; taken out of {len(taken)} case chart(s)." if taken else ".")
    )
