"""Graph entities and links -> Cytoscape elements with captions an investigator reads."""

from __future__ import annotations

from typing import Any

from graph.explore import Entity, Link
from graph.model import share_class

# Property shown as a node's caption, per type (first one present wins).
CAPTION_FIELDS: dict[str, tuple[str, ...]] = {
    "Person": ("name", "moniker", "family_name"),
    "Location": ("address", "name"),
    "Vehicle": ("plate", "vin", "make_model"),
    "Phone": ("number",),
    "Email": ("email",),
    "Gang": ("name",),
    "Incident": ("incident_number",),
    "Offense": ("offense", "offense_code"),
    "Drug": ("drug_type",),
    "Arrest": ("arrest_date", "arrest_transaction"),
    "Weapon": ("weapon_type", "make", "serial"),
    "Agency": ("name", "code"),
    "Event": ("name",),
}
# Second line under the caption.
DETAIL_FIELDS: dict[str, tuple[str, ...]] = {
    "Person": ("dob",),
    "Incident": ("occurred_at", "offense"),
    "Drug": ("quantity", "unit"),
    "Vehicle": ("make_model",),
    "Weapon": ("make", "serial"),
}
# what a detective calls each kind of identity document (graph/identifiers.py DOCUMENTS)
DOCUMENT_NAMES = {"dl": "Licence", "sid": "SID", "fbi": "FBI no.", "ssn": "SSN"}
INTELLIGENCE = "intelligence"


def caption(label: str, props: dict[str, Any]) -> str:
    if label == "Document":  # "Licence NY 123456789"; a social security number never shown
        kind = str(props.get("kind") or "")
        name = DOCUMENT_NAMES.get(kind, "Document")
        if kind == "ssn" or props.get("number_hash"):
            return f"{name} on file"
        return " ".join(str(x) for x in (name, props.get("state"), props.get("number")) if x)
    for f in CAPTION_FIELDS.get(label, ()):
        if props.get(f) not in (None, ""):
            return str(props[f])
    return str(props.get("source_record_id") or props.get("uid") or label)


def subtitle(label: str, props: dict[str, Any]) -> str:
    bits = []
    for f in DETAIL_FIELDS.get(label, ()):
        v = props.get(f)
        if v not in (None, ""):
            bits.append(str(v)[:10] if f in ("dob", "occurred_at") else str(v))
    return " ".join(bits)


def node(entity: Entity) -> dict[str, Any]:
    p = entity.props
    text = caption(entity.label, p)
    sub = subtitle(entity.label, p)
    intel = p.get("record_class") == INTELLIGENCE
    classes = [entity.label] + (["intel"] if intel else [])
    return {
        "data": {
            "id": entity.uid,
            "type": entity.label,
            # the agency on the caption: two records of one name from two agencies differ
            "label": "\n".join(
                x
                for x in (
                    text,
                    " · ".join(
                        y for y in (sub, p.get("agency") if not p.get("shared") else "") if y
                    ),
                )
                if x
            ),
            "name": text,
            "agency": p.get("agency"),
            "shared": bool(p.get("shared")),  # an identifier of every agency
            "cluster": p.get("cluster_id") or entity.uid if entity.label == "Person" else None,
            "intel": intel,
            "share_class": share_class(p, entity.label),  # what a sharing agreement names
            "date": (p.get("occurred_at") or p.get("arrest_date") or p.get("last_seen")),
            **_where(p),
        },
        "classes": " ".join(classes),
    }


def _where(props: dict[str, Any]) -> dict[str, float]:
    """lat/lon of a place with coordinates (for the map)."""
    point = props.get("point")
    if isinstance(point, dict) and point.get("lat") is not None and point.get("lon") is not None:
        return {"lat": float(point["lat"]), "lon": float(point["lon"])}
    return {}


def edge_caption(link: Link) -> str:
    role = link.props.get("role")
    name = link.type.replace("_", " ").lower()
    if link.type == "SAME_AS" and link.props.get("score") is not None:
        return f"same as {float(link.props['score']):.2f}"
    return f"{name} ({role})" if role else name


def edge(link: Link) -> dict[str, Any]:
    p = link.props
    classes = [link.type]
    if p.get("record_class") == INTELLIGENCE:
        classes.append("intel")
    if link.type == "SAME_AS":
        classes.append(str(p.get("status") or "auto"))
    return {
        "data": {
            "id": link.id,
            "source": link.start,
            "target": link.end,
            "type": link.type,
            "label": edge_caption(link),
            "agency": p.get("agency"),
            "element_id": p.get("element_id"),
            "intel": p.get("record_class") == INTELLIGENCE,
            "share_class": share_class(p),
            # what network analysis weighs (calls, meetings) and how phases add up
            **{k: p[k] for k in ("weight", "network", "dataset", "phase") if p.get(k) is not None},
        },
        "classes": " ".join(classes),
    }
