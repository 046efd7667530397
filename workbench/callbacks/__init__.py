"""Dash callbacks, one module per panel. Each is short: it checks its policy (policy.guard),
calls graph/ or workbench/actions functions, records the audit entry and renders."""

from __future__ import annotations

from dash import Dash


def register(app: Dash) -> None:
    from workbench.callbacks import (
        admin_page,
        analysis,
        audit_page,
        cases,
        chart,
        details,
        export,
        inbox,
        library,
        operations,
        pages,
        review,
        search,
        time_place,
        user_library,
        watch,
    )

    for module in (
        pages,
        search,
        chart,
        details,
        review,
        library,
        user_library,
        audit_page,
        admin_page,
        inbox,
        operations,
        analysis,
        export,
        cases,
        time_place,
        watch,
    ):
        module.register(app)
