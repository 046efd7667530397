"""Apply the schema migrations in ``graph/migrations/NNNN_name.cypher`` and record the version.

Each applied migration leaves one ``(:SchemaMigration {version, name, checksum, applied_at})``
node, like Flyway's history table. Re-running is a no-op; a migration edited after it was
applied is refused, because the database would no longer match the file.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

from graph import protected, shared_move
from graph.db import Graph
from graph.model import SCHEMA_MIGRATION_LABEL

FILE_RE = re.compile(r"^(\d{4})_([a-z0-9_]+)\.cypher$")
NAME_RE = re.compile(r"^\s*(?:CREATE|DROP)\s+(?:\w+\s+)*?(?:CONSTRAINT|INDEX)\s+(\w+)", re.I)


class SchemaError(RuntimeError):
    pass


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    statements: tuple[str, ...]
    checksum: str

    def object_names(self) -> list[str]:
        """Names of the constraints and indexes this migration creates."""
        names = []
        for stmt in self.statements:
            m = NAME_RE.match(stmt)
            if m and stmt.lstrip().upper().startswith("CREATE"):
                names.append(m.group(1))
        return names


def split_statements(text: str) -> list[str]:
    """Split Cypher on ';' outside quotes, dropping ``//`` comment lines and blanks."""
    statements: list[str] = []
    buf: list[str] = []
    quote: str | None = None
    i = 0
    while i < len(text):
        ch = text[i]
        if quote:
            buf.append(ch)
            if ch == "\\" and i + 1 < len(text):
                buf.append(text[i + 1])
                i += 1
            elif ch == quote:
                quote = None
        elif ch in "'\"`":
            quote = ch
            buf.append(ch)
        elif text.startswith("//", i):
            end = text.find("\n", i)
            i = len(text) if end == -1 else end
            continue
        elif ch == ";":
            stmt = " ".join("".join(buf).split())
            if stmt:
                statements.append(stmt)
            buf = []
        else:
            buf.append(ch)
        i += 1
    rest = " ".join("".join(buf).split())
    if quote:
        raise SchemaError(f"unterminated {quote} quote in Cypher")
    if rest:
        statements.append(rest)
    return statements


def load_migrations() -> list[Migration]:
    migrations = []
    folder = resources.files("graph") / "migrations"
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        m = FILE_RE.match(entry.name)
        if not m:
            continue
        text = entry.read_text(encoding="utf-8")
        migrations.append(
            Migration(
                version=int(m.group(1)),
                name=m.group(2),
                statements=tuple(split_statements(text)),
                checksum=hashlib.sha256(text.encode()).hexdigest(),
            )
        )
    versions = [m.version for m in migrations]
    if versions != list(range(1, len(versions) + 1)):
        raise SchemaError(f"schema migrations must be numbered 1..n without gaps: {versions}")
    return migrations


def applied(graph: Graph) -> dict[int, dict[str, Any]]:
    rows = graph.read(
        f"MATCH (m:{SCHEMA_MIGRATION_LABEL}) RETURN m.version AS version, m.name AS name, "
        "m.checksum AS checksum, m.applied_at AS applied_at ORDER BY version"
    )
    return {r["version"]: r for r in rows}


def current_version(graph: Graph) -> int:
    done = applied(graph)
    return max(done) if done else 0


def init_schema(graph: Graph, await_seconds: int = 300) -> list[Migration]:
    """Apply pending migrations, move identifiers onto shared nodes and hash protected
    numbers an older graph holds in clear; returns the migrations applied now (empty when
    up to date)."""
    done = applied(graph)
    newly: list[Migration] = []
    for mig in load_migrations():
        if mig.version in done:
            if done[mig.version]["checksum"] != mig.checksum:
                raise SchemaError(
                    f"schema migration {mig.version:04d}_{mig.name}.cypher changed after it "
                    "was applied; add a new migration instead of editing an applied one"
                )
            continue
        for stmt in mig.statements:
            graph.write(stmt, timeout=600)
        graph.write(
            f"MERGE (m:{SCHEMA_MIGRATION_LABEL} {{version: $version}}) "
            "SET m.name = $name, m.checksum = $checksum, m.applied_at = datetime()",
            {"version": mig.version, "name": mig.name, "checksum": mig.checksum},
        )
        newly.append(mig)
    graph.write(f"CALL db.awaitIndexes({int(await_seconds)})", timeout=await_seconds + 30)
    shared_move.move(graph)  # identifiers of graphs loaded before 0005 (a no-op after)
    key = graph.settings.resolved_identifier_key()
    protected.protect_existing(graph, key)  # clear SSNs of older graphs (a no-op after)
    shared_move.name_identifiers(graph)  # e-mail and documents of graphs before 0007
    return newly


def existing_objects(graph: Graph) -> set[str]:
    names = {r["name"] for r in graph.read("SHOW CONSTRAINTS YIELD name")}
    names |= {r["name"] for r in graph.read("SHOW INDEXES YIELD name")}
    return names


def missing_objects(graph: Graph) -> list[str]:
    """Constraints/indexes declared by the migrations that the database lacks."""
    have = existing_objects(graph)
    return [n for m in load_migrations() for n in m.object_names() if n not in have]
