"""`civicfusion resolve`: link the records of one person across agencies; review the doubtful."""

from __future__ import annotations

import getpass

import typer
from rich.console import Console
from rich.table import Table

from cli.alerts import run_alerts
from cli.errors import friendly_errors
from graph.db import Graph
from graph.explore import loaded_agencies
from graph.scope import Scope
from resolve import engine, explain, review_queue

console = Console()
resolve_app = typer.Typer(
    help="Cross-agency entity resolution (SAME_AS links, review queue).",
    invoke_without_command=True,
)


@resolve_app.callback()
def run(
    ctx: typer.Context,
    high: float = typer.Option(engine.HIGH, help="Auto-link at or above this match probability."),
    low: float = typer.Option(engine.LOW, help="Send pairs between LOW and HIGH to review."),
    full: bool = typer.Option(
        False, "--full", help="Compare all records again, not only new ones."
    ),
) -> None:
    """Score person pairs (Splink on DuckDB) and write SAME_AS links and cluster ids."""
    if ctx.invoked_subcommand is not None:
        return
    _run(high, low, full)


@friendly_errors
def _run(high: float, low: float, full: bool = False) -> None:
    with Graph() as graph, console.status("Training the model and scoring pairs..."):
        graph.verify()
        s = engine.resolve(graph, high=high, low=low, full=full)
    table = Table(title=f"Entity resolution {s.run_id}")
    for c in ("person records", "pairs scored", "auto-linked", "in review", "subjects", "seconds"):
        table.add_column(c, justify="right")
    table.add_row(
        f"{s.people:,}",
        f"{s.pairs_scored:,}",
        f"{s.auto:,}",
        f"{s.review:,}",
        f"{s.clusters:,}",
        f"{s.seconds:.1f}",
    )
    console.print(table)
    if s.codes:
        console.print(
            f"{s.codes:,} record(s) named by a code, not a person's name (network or wiretap "
            "ids such as 'CAVIAR 1'), left out of matching."
        )
    run_alerts(None)  # subjects may hold more records now: alerts on them are told


def operator_scope(graph: Graph, reason: str, who: str | None = None) -> Scope:
    """The terminal's scope: the operator of this install, over every loaded agency."""
    return Scope.operator(who or getpass.getuser(), loaded_agencies(graph), reason)


@resolve_app.command()
@friendly_errors
def review(limit: int = typer.Option(20, help="How many pairs to show.")) -> None:
    """Pairs waiting for a decision, side by side with what drove the score."""
    with Graph() as graph:
        graph.verify()
        pairs = review_queue.pending(graph, operator_scope(graph, "resolve review"), limit)
    if not pairs:
        console.print("No pairs are waiting for review.")
        return
    for p in pairs:
        table = Table(title=f"score {p['score']:.3f} (match weight {p['match_weight']:+.1f})")
        table.add_column("")
        table.add_column(p["left"]["uid"])
        table.add_column(p["right"]["uid"])
        for k in ("name", "dob", "home", "phone", "agency", "source_system", "source_record_id"):
            table.add_row(k, str(p["left"].get(k)), str(p["right"].get(k)))
        why = "; ".join(
            f"{field} {found} {w:+.1f}" if found else f"{field} {w:+.1f}"
            for field, found, w in explain.reasons(p)
            if w
        )
        console.print(table)
        console.print(f"  evidence: {why}", highlight=False)
    console.print(
        "Decide with: civicfusion resolve decide LEFT_UID RIGHT_UID accept|reject|unlink|relink"
    )


@resolve_app.command()
@friendly_errors
def decide(
    left: str,
    right: str,
    decision: str = typer.Argument(..., help="accept, reject, unlink or relink"),
    reviewer: str = typer.Option(getpass.getuser(), help="Who decides (recorded)."),
) -> None:
    """Record a reviewer's decision; rejected pairs never auto-link again."""
    with Graph() as graph:
        graph.verify()
        scope = operator_scope(graph, "resolve decide", reviewer)
        status = review_queue.decide(graph, left, right, decision, reviewer, scope)
    console.print(f"{left} / {right}: {status} by {reviewer}")
