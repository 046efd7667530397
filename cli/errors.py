"""What every command does with a known problem: one red line and exit code 1."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import typer
from rich.console import Console

from access.users import get_user
from graph.db import GraphUnavailable
from graph.runtime import RuntimeProblem
from graph.schema import SchemaError

F = TypeVar("F", bound=Callable[..., Any])
err = Console(stderr=True)


def friendly_errors(fn: F) -> F:
    """Known problems become one red line and exit code 1, never a stack trace."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except (GraphUnavailable, RuntimeProblem, SchemaError, ValueError, OSError) as exc:
            err.print(f"[bold red]Error:[/] {exc}", highlight=False, soft_wrap=True)
            raise typer.Exit(1) from None

    return wrapper  # type: ignore[return-value]


def workbench_user(db: Any, name: str) -> Any:
    """The active workbench user ``name`` (``--as``), or one red line and exit 1."""
    user = get_user(db, name)
    if user is None or user.disabled:
        Console().print(f"[red]no active workbench user {name!r}[/red]")
        raise typer.Exit(1)
    return user
