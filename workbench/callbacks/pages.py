"""Which page a path shows (the page itself enforces the role it needs)."""

from __future__ import annotations

from dash import Dash, Input, Output
from flask import session

from workbench.callbacks.common import me, record
from workbench.layout import page_for
from workbench.policy import guard

SIGNED_IN = frozenset({"analyst", "supervisor", "admin", "auditor"})


def register(app: Dash) -> None:
    @app.callback(Output("page", "children"), Input("url", "pathname"))
    @guard(SIGNED_IN)
    def show_page(path: str | None):  # type: ignore[no-untyped-def]
        user, s, cleared = me()
        return page_for(path or "/", user, cleared, s.settings.expand_cap)

    @app.callback(
        Output("case-purpose", "valid"),
        Input("case-purpose", "value"),
        prevent_initial_call=True,
    )
    @guard(SIGNED_IN)
    def set_purpose(value):  # type: ignore[no-untyped-def]
        purpose = (value or "").strip()[:200]
        session["purpose"] = purpose
        record("purpose", {"purpose": purpose})
        return bool(purpose)
