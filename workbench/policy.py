"""Who may run what: every Dash callback declares the roles it serves.

``guard(...)`` wraps a callback: the user must be signed in and hold one of the roles, or the
callback does nothing. The wrapper carries ``civicfusion_policy`` so the server's request
check (workbench.auth) and a test can find any callback that lacks one.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from dash.exceptions import PreventUpdate
from flask_login import current_user

F = TypeVar("F", bound=Callable[..., Any])

INVESTIGATE = frozenset({"analyst", "supervisor"})
REVIEW = frozenset({"supervisor"})
POLICY_ATTR = "civicfusion_policy"


def allowed(roles: frozenset[str]) -> bool:
    return bool(getattr(current_user, "is_authenticated", False)) and current_user.role in roles


def guard(roles: frozenset[str]) -> Callable[[F], F]:
    def wrap(fn: F) -> F:
        @functools.wraps(fn)
        def checked(*args: Any, **kwargs: Any) -> Any:
            if not allowed(roles):
                raise PreventUpdate
            return fn(*args, **kwargs)

        setattr(checked, POLICY_ATTR, roles)
        return checked  # type: ignore[return-value]

    return wrap


def policy_of(callback: Callable[..., Any]) -> frozenset[str] | None:
    """The roles declared on a callback (looking through Dash's own wrappers)."""
    fn: Any = callback
    while fn is not None:
        roles = getattr(fn, POLICY_ATTR, None)
        if roles is not None:
            return roles
        fn = getattr(fn, "__wrapped__", None)
    return None
