"""When things happened: the chart's incidents, arrests and intelligence on one timeline, and
a window (whole months) that filters the chart to what happened inside it."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Any

LANES = ("Incident", "Arrest", "Intelligence")


@dataclass(frozen=True)
class Dated:
    id: str
    lane: str
    type: str
    label: str
    day: dt.date


def _day(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def lane_of(data: dict[str, Any]) -> str | None:
    if data.get("intel"):
        return "Intelligence"
    return data.get("type") if data.get("type") in ("Incident", "Arrest") else None


def dated(elements: list[dict[str, Any]]) -> list[Dated]:
    """Dated incidents, arrests and intelligence records among the chart's nodes, by date."""
    out = []
    for el in elements:
        d = el["data"]
        if "source" in d or not d.get("date"):
            continue
        lane, day = lane_of(d), _day(d["date"])
        if lane and day:
            out.append(Dated(d["id"], lane, d["type"], str(d.get("name") or d["id"]), day))
    return sorted(out, key=lambda x: (x.day, x.id))


def month(day: dt.date) -> int:
    """A month as one integer (the slider's unit)."""
    return day.year * 12 + day.month - 1


def month_start(m: int) -> dt.date:
    return dt.date(m // 12, m % 12 + 1, 1)


def month_end(m: int) -> dt.date:
    y, mo = m // 12, m % 12 + 1
    return dt.date(y, mo, calendar.monthrange(y, mo)[1])


def window_of(lo: int, hi: int) -> tuple[str, str]:
    return month_start(lo).isoformat(), month_end(hi).isoformat()


# what a time window never takes off the chart, intelligence records of them included
STAY = ("Person", "Location", "Phone", "Vehicle", "Email", "Document")


def inside(data: dict[str, Any], window: list[str] | tuple[str, str] | None) -> bool:
    """Whether a node stays on the chart under a time window: undated things (people,
    phones, places) always do; dated incidents, arrests and intelligence only inside it."""
    if not window or not lane_of(data) or data.get("type") in STAY:
        return True
    day = _day(data.get("date"))
    return day is None or window[0] <= day.isoformat() <= window[1]


def marks(lo: int, hi: int) -> dict[int, str]:
    """Slider labels: every year (every month when the span is short)."""
    if hi - lo <= 14:
        return {m: month_start(m).strftime("%b %y") for m in range(lo, hi + 1, 3)}
    step = max(1, (hi - lo) // 12 // 6 + 1)
    return {m: str(m // 12) for m in range(lo, hi + 1) if m % 12 == 0 and (m // 12) % step == 0}
