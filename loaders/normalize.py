"""Normalisers used by the mappings: dates, phone numbers, coordinates, names, plates."""

from __future__ import annotations

import datetime as dt
import re
from functools import cache

import phonenumbers
from neo4j.spatial import WGS84Point


class BadValue(ValueError):
    """A value that cannot be normalised; the message says why."""


def parse_date(value: str, formats: list[str]) -> dt.date:
    for fmt in formats:
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise BadValue(f"impossible or unrecognised date {value!r} (expected {' or '.join(formats)})")


def parse_datetime(value: str, formats: list[str]) -> dt.datetime:
    for fmt in formats:
        try:
            return dt.datetime.strptime(value, fmt)
        except ValueError:
            continue
    raise BadValue(f"unrecognised date-time {value!r} (expected {' or '.join(formats)})")


def phone_e164(value: str, region: str = "US") -> str:
    try:
        number = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException as exc:
        raise BadValue(f"not a phone number {value!r}: {exc}") from exc
    if not phonenumbers.is_possible_number(number):
        raise BadValue(f"not a possible phone number {value!r}")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


@cache
def _transformer(crs: str):  # type: ignore[no-untyped-def]
    from pyproj import Transformer

    return Transformer.from_crs(crs, "EPSG:4326", always_xy=True)


def point(x: str, y: str, crs: str = "EPSG:4326") -> WGS84Point:
    """A WGS84 point from lon/lat (crs EPSG:4326) or projected x/y in any CRS pyproj knows."""
    try:
        fx, fy = float(x), float(y)
    except ValueError as exc:
        raise BadValue(f"coordinates {x!r}, {y!r} are not numbers") from exc
    lon, lat = (
        (fx, fy) if crs.upper() in ("EPSG:4326", "WGS84") else _transformer(crs).transform(fx, fy)
    )
    if not (-180 <= lon <= 180 and -90 <= lat <= 90) or lon != lon:
        raise BadValue(f"coordinates {x}, {y} ({crs}) are outside the world")
    return WGS84Point((round(lon, 7), round(lat, 7)))


def collapse(value: str) -> str:
    return " ".join(value.split())


def plate(value: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", value.upper())


def slug(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")


TRANSFORMS = {
    "strip": str.strip,
    "upper": str.upper,
    "lower": str.lower,
    "title": str.title,
    "collapse": collapse,
    "plate": plate,
    "slug": slug,
}


JUVENILE_UNDER = 18


def is_juvenile(age: str | int | None) -> bool:
    """Whether an age as sources write it is a minor's: a number (or NIBRS's two-digit age,
    or its four-digit range such as "1517": the upper bound) under 18, or NIBRS's NN/NB/BB
    (under a day, a week, a year). "00" (unknown) and anything unreadable are not."""
    if age is None:
        return False
    text = str(age).strip().upper()
    if text in ("NN", "NB", "BB"):
        return True
    if text.isdigit() and len(text) == 4:
        return 0 < int(text[2:]) < JUVENILE_UNDER
    return text.isdigit() and 0 < int(text) < JUVENILE_UNDER
