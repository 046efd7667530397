"""What every callback needs: the signed-in user, their clearances, their chart, the audit."""

from __future__ import annotations

from typing import Any

from flask import request
from flask_login import current_user

from workbench import audit
from workbench.audit import utcnow
from workbench.chart import ChartState
from workbench.services import Services, services
from workbench.users import User


def me() -> tuple[User, Services, list[str]]:
    s = services()
    user: User = current_user._get_current_object()  # type: ignore[attr-defined]
    return user, s, s.cleared(user)


def chart_id(user: User) -> str:
    return f"working:{user.username}"


def load_chart(user: User, s: Services) -> ChartState:
    return ChartState.from_dict(
        s.db.load_chart(chart_id(user), user.username), s.settings.history_steps
    )


def save_chart(user: User, s: Services, chart: ChartState) -> None:
    s.db.save_chart(chart_id(user), user.username, chart.to_dict(), utcnow())


def record(action: str, detail: dict[str, Any] | None = None, outcome: str = "ok") -> None:
    user, s, _ = me()
    audit.record(s.db, action, user.username, detail, request.remote_addr, outcome)
