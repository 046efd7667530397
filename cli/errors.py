"""What every command does with a known problem: one red line and exit code 1."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import typer
from rich.console import Console

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
