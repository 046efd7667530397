"""The request dash-renderer posts to ``/_dash-update-component`` to run one callback, built
from the callback's dependencies: what the load benchmark and the tests that drive the
workbench over HTTP send (one place, so they send what the browser sends)."""

from __future__ import annotations

import json
from typing import Any


def outputs_of(output: str) -> list[dict[str, str]]:
    """A callback's output key ("a.children" or "..a.children...b.data..") as id/property."""
    parts = output.strip(".").split("...") if output.startswith("..") else [output]
    return [dict(zip(("id", "property"), p.rsplit(".", 1), strict=True)) for p in parts]


def callback_body(
    output: str,
    inputs: list[dict[str, Any]],
    state: list[dict[str, Any]],
    values: dict[str, Any],
    changed: str,
) -> dict[str, Any]:
    """The body for the callback with ``output``, its ``inputs`` and ``state`` dependencies
    (from ``app.callback_map`` or ``/_dash-dependencies``), input and state values by
    "id.property" (missing ones are None), and the property that ``changed``.

    A pattern-matching (ALL) dependency gets the components given as
    ``values["<type>.<property>"] = [(index, value), ...]``, none otherwise.
    """

    def dep(d: dict[str, Any]) -> Any:
        ident = d["id"]
        if isinstance(ident, str) and not ident.startswith("{"):
            return {**d, "value": values.get(f"{ident}.{d['property']}")}
        kind = (json.loads(ident) if isinstance(ident, str) else ident)["type"]
        return [
            {"id": {"index": i, "type": kind}, "property": d["property"], "value": v}
            for i, v in values.get(f"{kind}.{d['property']}", [])
        ]

    outs = outputs_of(output)
    return {
        "output": output,
        "outputs": outs if output.startswith("..") else outs[0],
        "inputs": [dep(d) for d in inputs],
        "state": [dep(d) for d in state],
        "changedPropIds": [changed],
    }
