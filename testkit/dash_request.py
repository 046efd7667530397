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
    ``values["<type>.<property>"] = [(index, value), ...]`` (an index, or the id's other
    keys as a dict: ``({"name": "subject"}, value)``), none otherwise.
    """

    def dep(d: dict[str, Any]) -> Any:
        ident = d["id"]
        if isinstance(ident, str) and not ident.startswith("{"):
            return {**d, "value": values.get(f"{ident}.{d['property']}")}
        kind = (json.loads(ident) if isinstance(ident, str) else ident)["type"]
        return [
            {"id": {**(i if isinstance(i, dict) else {"index": i}), "type": kind},
             "property": d["property"], "value": v}
            for i, v in values.get(f"{kind}.{d['property']}", [])
        ]  # fmt: skip

    outs = outputs_of(output)
    return {
        "output": output,
        "outputs": outs if output.startswith("..") else outs[0],
        "inputs": [dep(d) for d in inputs],
        "state": [dep(d) for d in state],
        "changedPropIds": [changed],
    }


def signed_in(app: Any, user: str, password: str) -> Any:
    """A Flask test client of the workbench, signed in as ``user`` (the login form's CSRF
    token read from the page, as a browser posts it)."""
    import re

    client = app.server.test_client()
    page = client.get("/login").data.decode()
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    r = client.post("/login", data={"username": user, "password": password, "csrf_token": token})
    assert r.status_code == 302, r.data
    client.get("/")  # the page sets the _csrf_token cookie Dash echoes
    return client


def invoke(
    app: Any, client: Any, fragment: str, values: dict[str, Any], changed: str
) -> tuple[int, str]:
    """Run the callback whose outputs include ``fragment`` as dash-renderer would, with
    input/state values by "id.property" (missing ones are None): (status, response text).
    Of several callbacks writing ``fragment``, the one that ``changed`` fires."""
    keys = [k for k in app.callback_map if fragment in k]
    fired = [
        k
        for k in keys
        if any(f"{d['id']}.{d['property']}" == changed for d in app.callback_map[k]["inputs"])
    ]
    key = (fired or keys)[0]
    entry = app.callback_map[key]
    body = callback_body(key, entry["inputs"], entry.get("state", []), values, changed)
    token = client.get_cookie("_csrf_token").value
    r = client.post("/_dash-update-component", json=body, headers={"X-CSRFToken": token})
    return r.status_code, r.data.decode()
