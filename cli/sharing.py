"""`civicfusion sharing set|list`: each data owner's terms for its partners, class by class."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.table import Table

from access import sharing
from access.appdb import AppDB
from access.sharing import CLASSES, GROUPS, TIERS, Agreement, SharingError
from access.users import get_user
from cli.errors import friendly_errors
from settings import get_settings

console = Console()
sharing_app = typer.Typer(
    help="Sharing agreements: what an owner agency lets partners see (full, pointer, none).",
    no_args_is_help=True,
)


@sharing_app.command("set")
@friendly_errors
def sharing_set(
    owner: str = typer.Argument(..., help="The agency whose records these are, e.g. CSO."),
    partner: str = typer.Argument(
        ..., help=f"An agency code, a group ({', '.join(GROUPS)}) or * for every partner."
    ),
    record_class: str = typer.Argument(..., help=f"One of: {', '.join(CLASSES)}."),
    tier: str = typer.Argument(..., help=f"One of: {', '.join(TIERS)}."),
    starts: str = typer.Option("", help="First day in force (YYYY-MM-DD); default: now."),
    ends: str = typer.Option("", help="Last day in force (YYYY-MM-DD); default: open-ended."),
    as_user: str = typer.Option(..., "--as", help="An administrator of the owner agency."),
) -> None:
    """Set one term of an owner's agreement (audited; only the owner's administrator)."""
    db = AppDB(get_settings().app_db_path)
    user = get_user(db, as_user)
    if user is None:
        console.print(f"[red]no workbench user {as_user!r}[/red]")
        raise typer.Exit(1)
    try:
        a = sharing.save(db, Agreement(owner, partner, record_class, tier, starts, ends), user)
    except SharingError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from None
    when = f" from {a.starts}" if a.starts else ""
    when += f" until {a.ends}" if a.ends else ""
    console.print(
        f"{a.owner} → {a.partner_label}: {CLASSES[a.record_class].lower()}: {a.tier}{when}."
    )


@sharing_app.command("list")
@friendly_errors
def sharing_list(owner: str = typer.Argument(None, help="Only this owner's agreements.")) -> None:
    """The agreements, by owner, partner and class."""
    table = Table("owner", "partner", "class", "tier", "from", "until", "set by", "at")
    for a in sharing.listing(AppDB(get_settings().app_db_path), owner):
        table.add_row(a.owner, a.partner_label, a.record_class, a.tier, a.starts or "-",
                      a.ends or "-", a.updated_by, a.updated_at)  # fmt: skip
    console.print(table)
