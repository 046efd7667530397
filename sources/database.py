"""Reading a source database through SQLAlchemy (any database it speaks: PostgreSQL, SQL
Server, Oracle, MySQL, SQLite): a feed's rows changed since a watermark, in change order,
streamed; its tombstones; the keys that still exist. Values arrive typed and are handed to
the mapping as text (dates as ISO dates), the form the CSV mappings read."""

from __future__ import annotations

import datetime as dt
import decimal
import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from sources.spec import SourceSpec

FETCH = 2000  # rows fetched at a time (server-side cursors where the driver has them)


class SourceUnreachable(RuntimeError):
    """The source database cannot be reached or refused a query: one line, no password."""


def as_text(value: Any) -> str:
    """A column value as the mapping reads it."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex()
    return str(value)


def as_texts(row: dict[str, Any]) -> dict[str, str]:
    """A row as the mapping reads it (``as_text`` of every column)."""
    return {k: as_text(v) for k, v in row.items()}


def pack(value: Any) -> str:
    """A watermark (a change column's value) as stored on the pass's Load node."""
    for kind, cls in (("datetime", dt.datetime), ("date", dt.date)):
        if isinstance(value, cls):
            return json.dumps({"type": kind, "value": value.isoformat()})
    if isinstance(value, bool | int):
        return json.dumps({"type": "int", "value": int(value)})
    if isinstance(value, float | decimal.Decimal):
        return json.dumps({"type": "decimal", "value": str(value)})
    return json.dumps({"type": "str", "value": str(value)})


def unpack(packed: str | None) -> Any:
    if not packed:
        return None
    d = json.loads(packed)
    kind, v = d["type"], d["value"]
    if kind == "datetime":
        return dt.datetime.fromisoformat(v)
    if kind == "date":
        return dt.date.fromisoformat(v)
    if kind == "int":
        return int(v)
    if kind == "decimal":
        return decimal.Decimal(v)
    return v


def shown(value: Any) -> str:
    return "-" if value is None else as_text(value)


class SourceDB:
    """One source's database for the length of a pass."""

    def __init__(self, spec: SourceSpec) -> None:
        self.spec = spec
        self.engine: Engine | None = None

    def _fail(self, exc: BaseException, doing: str) -> SourceUnreachable:
        why = str(getattr(exc, "orig", None) or exc).strip().splitlines()
        line = why[0] if why else type(exc).__name__
        return SourceUnreachable(
            f"source {self.spec.name}: {doing} at {self.spec.shown_url()} failed: {line}"
        )

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        try:
            if self.engine is None:
                self.engine = create_engine(self.spec.url(), pool_pre_ping=True)
            con = self.engine.connect()
        except (SQLAlchemyError, OSError) as exc:
            raise self._fail(exc, "connecting") from exc
        try:
            yield con
        finally:
            con.close()

    def close(self) -> None:
        if self.engine is not None:
            self.engine.dispose()

    def stream(
        self, query: str, change: str, since: Any, order: str | None = None
    ) -> Iterator[dict[str, Any]]:
        """Rows of ``query`` whose ``change`` column is past ``since`` (all rows when None),
        in change order (ties by ``order``), as dicts of typed values."""
        where = f" WHERE src.{change} > :since" if since is not None else ""
        then = f", src.{order}" if order and order != change else ""
        stmt = text(f"SELECT * FROM ({query}) src{where} ORDER BY src.{change}{then}")
        params = {"since": since} if since is not None else {}
        yield from self._run(stmt, params)

    def rows(self, query: str) -> Iterator[dict[str, Any]]:
        """Every row of a query (a full key comparison), streamed."""
        yield from self._run(text(query), {})

    def _run(self, stmt: Any, params: dict[str, Any]) -> Iterator[dict[str, Any]]:
        """A statement's rows as dicts of typed values, fetched in chunks (server-side
        cursors where the driver has them); a refusal is one line naming the source."""
        with self.connect() as con:
            try:
                result = con.execution_options(stream_results=True, yield_per=FETCH).execute(
                    stmt, params
                )
                for row in result.mappings():
                    yield dict(row)
            except DBAPIError as exc:
                raise self._fail(exc, "reading") from exc
