"""Numbers the graph never holds in clear: a social security number is kept only as a keyed
hash (HMAC-SHA256 under the identifier key, ``Settings.resolved_identifier_key``).

Every write path protects a record before it reaches the graph (``graph.writer.batch_rows``,
which the online writer and the bulk importer share), and ``db init`` protects what an older
graph holds in clear (``protect_existing``). What stays:

- ``ssn_hash``: the keyed hash of the number's digits. Two records with the same number have
  the same hash, so entity resolution still sees "the same number", and a user who types the
  number into the search box finds the record (the search hashes what was typed).
- ``ssn_near``: keyed hashes of the number with each digit in turn masked, so that a number
  one digit different (a typo) shares one of them: resolution keeps its "one digit
  different" evidence without the digits.

Without the key nobody can test a guess against a hash; with it, only through this code. The
key is kept beside the app database (mode 600) or given in ``CIVICFUSION_IDENTIFIER_KEY``;
backups carry it (a new key would make every stored hash unmatchable).
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from graph import cypher
from graph.db import Graph
from graph.identifiers import identity_number

# property -> what it is (each is stored as <property>_hash and <property>_near only)
PROTECTED: dict[str, str] = {"ssn": "Social security number"}
HASH = "_hash"
NEAR = "_near"
VARIANTS = "_variants"
# the stored hash property -> its masked hashes' property ("ssn_hash" -> "ssn_near")
NEAR_OF: dict[str, str] = {f + HASH: f + NEAR for f in PROTECTED}


def keyed(key: bytes, field: str, number: str) -> str:
    """The keyed hash of a cleaned number of one kind (hex)."""
    if not key:
        raise ValueError("no identifier key: protected numbers cannot be hashed")
    return hmac.new(key, f"{field}:{number}".encode(), hashlib.sha256).hexdigest()


def digest(key: bytes, field: str, value: Any) -> str | None:
    """The stored form of a number as written (any punctuation), None when it is no number."""
    cleaned = identity_number(value)
    return keyed(key, field, cleaned) if cleaned else None


def near(key: bytes, field: str, value: Any) -> list[str]:
    """Keyed hashes of the number with each position masked in turn: two numbers one digit
    apart share exactly one of them."""
    cleaned = identity_number(value)
    if not cleaned:
        return []
    return [keyed(key, field, f"{cleaned[:i]}?{cleaned[i + 1 :]}") for i in range(len(cleaned))]


def is_protected_document(props: dict[str, Any]) -> bool:
    """Whether ``props`` are an identity document of a protected kind (an SSN document a
    mapping declares as its own entity: ``kind: ssn``, ``number``)."""
    return str(props.get("kind") or "").lower() in PROTECTED


def protect(props: dict[str, Any], key: bytes) -> dict[str, Any]:
    """``props`` with every protected number replaced by its hashes (a copy when anything
    changed). A placeholder ("UNKNOWN", "000-00-0000") is no number and is not kept; earlier
    values a merge kept (``ssn_variants``) become ``ssn_hash_variants``. An SSN document
    (``kind: ssn``) keeps its ``number`` only as ``number_hash``."""
    if is_protected_document(props) and "number" in props:
        out = dict(props)
        kind = str(out["kind"]).lower()
        hashed = digest(key, kind, out.pop("number"))
        if hashed:
            out["number_hash"] = hashed
        out.pop("number_variants", None)
        props = out
    if not any(f in props or f + VARIANTS in props for f in PROTECTED):
        return props
    out = dict(props)
    for field in PROTECTED:
        value = out.pop(field, None)
        hashed = digest(key, field, value) if value is not None else None
        if hashed:
            out[field + HASH] = hashed
            out[field + NEAR] = near(key, field, value)
        earlier = out.pop(field + VARIANTS, None) or []
        kept = [h for v in earlier if (h := digest(key, field, v)) and h != hashed]
        if kept:
            out[field + HASH + VARIANTS] = list(dict.fromkeys(kept))
    return out


def in_words(props: dict[str, Any]) -> dict[str, Any]:
    """What a person reading a record sees of its protected numbers: that one is on file
    (and how many other numbers earlier records gave), never a hash."""
    if is_protected_document(props) and "number_hash" in props:
        props = {k: v for k, v in props.items() if k != "number_hash"}
        props["number"] = "on file (kept only as a keyed hash)"
    if not any(f + HASH in props or f + NEAR in props for f in PROTECTED):
        return props
    out = dict(props)
    for field in PROTECTED:
        out.pop(field + NEAR, None)
        if out.pop(field + HASH, None):
            out[field] = "on file (kept only as a keyed hash)"
        others = out.pop(field + HASH + VARIANTS, None)
        if others:
            out[field + VARIANTS] = f"{len(others)} other number(s) on file"
    return out


def stored(props: dict[str, Any]) -> list[str]:
    """Property names of ``props`` that hold a protected number in clear (must be none)."""
    clear = [k for k in props if k in PROTECTED or k in {f + VARIANTS for f in PROTECTED}]
    if is_protected_document(props):
        clear += [k for k in ("number", "number_variants") if k in props]
    return clear


BATCH = 5000


def protect_existing(graph: Graph, key: bytes) -> int:
    """Hash every protected number a graph still holds in clear (loaded before this module
    existed); returns how many records changed. Idempotent: a protected graph has none."""
    changed = 0
    for field in PROTECTED:
        names = {"field": field, "variants": field + VARIANTS}
        rows = []
        for r in graph.read(cypher.render("protect_candidates", **names), timeout=600):
            props = {k: r["props"].get(k) for k in (field, field + VARIANTS)}
            rows.append({"uid": r["uid"], "props": protect(props, key)})
        for i in range(0, len(rows), BATCH):
            batch = rows[i : i + BATCH]
            [done] = graph.write_rows(cypher.render("protect_records", **names), {"rows": batch})
            if done["written"] != len(batch):
                raise RuntimeError(f"protected {done['written']} of {len(batch)} records")
            changed += len(batch)
    return changed
