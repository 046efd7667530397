"""i2 Analyst's Notebook exchange XML (.anx): entities with their icon type, links with their
label, strength, colour and width by type, positions as drawn, attributes (date of birth,
moniker, plate, number, address...) as attribute classes, DateTime on incidents, arrests and
dated links (Notebook's timeline), and a card on every item that cites the source record
(agency, system, record id, load) - Notebook's own place for provenance."""

from __future__ import annotations

from typing import Any

from lxml import etree

# CivicFusion type -> Notebook standard icon type.
ICON_TYPES = {
    "Person": "Person",
    "Location": "Place",
    "Vehicle": "Car",
    "Phone": "Mobile Phone",
    "Email": "Email",
    "Document": "Document",
    "Gang": "Organisation",
    "Incident": "Event",
    "Offense": "Document",
    "Drug": "Drugs",
    "Arrest": "Handcuffs",
    "Weapon": "Gun",
    "Agency": "Police",
}
ATTRIBUTES = ("Agency", "Source system", "Source record", "Load")
# what describes an item (graph.explore.DESCRIBING) -> Notebook attribute class and its type
FACTS = {
    "dob": ("Date of birth", "AttTime"),
    "sex": ("Sex", "AttText"),
    "moniker": ("Moniker", "AttText"),
    "aliases": ("Aliases", "AttText"),
    "plate": ("Plate", "AttText"),
    "plate_state": ("Plate state", "AttText"),
    "vin": ("VIN", "AttText"),
    "make_model": ("Make and model", "AttText"),
    "number": ("Number", "AttText"),
    "email": ("E-mail", "AttText"),
    "address": ("Address", "AttText"),
    "incident_number": ("Incident number", "AttText"),
    "offense": ("Offence", "AttText"),
    "offense_code": ("Offence code", "AttText"),
    "charge": ("Charge", "AttText"),
    "drug_type": ("Drug type", "AttText"),
    "quantity": ("Quantity", "AttNumber"),
    "unit": ("Unit", "AttText"),
}
# when an item happened (i2's timeline and DateTime): the first of these it has
WHEN = ("occurred_at", "arrest_date", "date")
# link colours as Notebook stores them (a COLORREF: 0x00BBGGRR), from the chart's own style
LINK_COLOURS = {
    "SAME_AS": "#1d4ed8",
    "CALLED": "#0891b2",
    "MEMBER_OF": "#dc2626",
    "INVOLVED_IN": "#ea580c",
    "ARRESTED": "#475569",
}
DEFAULT_LINK_COLOUR = "#64748b"
INTEL_COLOUR = "#f59e0b"


def colorref(hex_colour: str) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return str(b << 16 | g << 8 | r)


def when(item: dict[str, Any]) -> tuple[str, bool] | None:
    """(xsd:dateTime, time known) of a dated item: incidents, arrests, dated links."""
    facts = item.get("facts") or {}
    for f in WHEN:
        v = facts.get(f) or item.get(f)
        if v:
            text = str(v)
            day = text[:10]
            if len(day) == 10 and day[4] == "-" and day[7] == "-":
                timed = len(text) >= 16 and text[10] in "T "
                clock = text[11:19] if timed else "00:00:00"
                clock = clock if len(clock) == 8 else clock[:5] + ":00"
                return f"{day}T{clock}", timed
    return None


def _card(item: dict[str, Any]) -> dict[str, str]:
    cites = ", ".join(
        f"{k}: {item[f]}"
        for k, f in zip(
            ATTRIBUTES,
            ("agency", "source_system", "source_record_id", "load_id"),
            strict=True,
        )
        if item.get(f) not in (None, "")
    )
    return {
        "Summary": str(item.get("name") or item.get("label") or item["id"]),
        "SourceReference": cites,
        "SourceType": str(item.get("source_system") or ""),
        "Text": f"CivicFusion id {item['id']}",
    }


def _attributes(parent: etree._Element, item: dict[str, Any]) -> None:
    col = etree.SubElement(parent, "AttributeCollection")
    for name, f in zip(
        ATTRIBUTES, ("agency", "source_system", "source_record_id", "load_id"), strict=True
    ):
        if item.get(f) not in (None, ""):
            etree.SubElement(col, "Attribute", AttributeClass=name, Value=str(item[f]))
    for f, v in (item.get("facts") or {}).items():
        if f in FACTS:
            name, kind = FACTS[f]
            value = ", ".join(map(str, v)) if isinstance(v, list) else str(v)
            if kind == "AttTime":
                value = f"{value[:10]}T00:00:00"
            etree.SubElement(col, "Attribute", AttributeClass=name, Value=value)


def _dated(ci: etree._Element, item: dict[str, Any]) -> None:
    stamp = when(item)
    if stamp:
        ci.set("DateTime", stamp[0])
        ci.set("DateSet", "true")
        ci.set("TimeSet", "true" if stamp[1] else "false")


def anx(
    nodes: list[dict[str, Any]],
    edges: list[dict[str, Any]],
    header: dict[str, str],
    positions: dict[str, tuple[float, float]],
) -> bytes:
    chart = etree.Element("Chart", IdReferenceLinking="false")
    types = etree.SubElement(chart, "EntityTypeCollection")
    for t in sorted({n["type"] for n in nodes}):
        etree.SubElement(types, "EntityType", Name=t, IconFile=ICON_TYPES.get(t, "Anonymous"))
    links = etree.SubElement(chart, "LinkTypeCollection")
    for t in sorted({e["type"] for e in edges}):
        colour = colorref(LINK_COLOURS.get(t, DEFAULT_LINK_COLOUR))
        etree.SubElement(links, "LinkType", Name=t, Colour=colour)
    classes = etree.SubElement(chart, "AttributeClassCollection")
    for a in ATTRIBUTES:
        etree.SubElement(classes, "AttributeClass", Name=a, Type="AttText", ShowValue="true")
    used = {f for item in nodes + edges for f in (item.get("facts") or {}) if f in FACTS}
    for f in sorted(used):
        name, kind = FACTS[f]
        etree.SubElement(classes, "AttributeClass", Name=name, Type=kind, ShowValue="true")
    summary = etree.SubElement(chart, "Summary")
    fields = etree.SubElement(summary, "FieldCollection")
    etree.SubElement(
        fields, "Field", Type="SummaryFieldTitle", Field=header.get("case", "") or "Link chart"
    )
    etree.SubElement(
        fields,
        "Field",
        Type="SummaryFieldComments",
        Field="; ".join(f"{k}: {v}" for k, v in header.items()),
    )
    custom = etree.SubElement(summary, "CustomPropertyCollection")
    for k, v in header.items():
        etree.SubElement(custom, "CustomProperty", Name=k, Type="String", Value=str(v))
    items = etree.SubElement(chart, "ChartItemCollection")
    ids = {n["id"]: f"e{i}" for i, n in enumerate(nodes)}
    for n in nodes:
        x, y = positions.get(n["id"], (0.0, 0.0))
        ci = etree.SubElement(
            items,
            "ChartItem",
            Label=str(n.get("name") or n["id"]),
            Description=str(n.get("label") or ""),
            XPosition=str(round(x)),
            YPosition=str(round(y)),
        )
        _dated(ci, n)
        end = etree.SubElement(ci, "End")
        entity = etree.SubElement(end, "Entity", EntityId=ids[n["id"]], Identity=str(n["id"]))
        icon = etree.SubElement(entity, "Icon")
        etree.SubElement(icon, "IconStyle", Type=n["type"])
        cards = etree.SubElement(entity, "CardCollection")
        etree.SubElement(cards, "Card", **_card(n))
        _attributes(ci, n)
    for e in edges:
        if e["source"] not in ids or e["target"] not in ids:
            continue
        ci = etree.SubElement(items, "ChartItem", Label=str(e.get("label") or e["type"]))
        _dated(ci, e)
        link = etree.SubElement(
            ci, "Link", End1Id=ids[e["source"]], End2Id=ids[e["target"]], Identity=str(e["id"])
        )
        tentative = bool(e.get("intel")) or e.get("status") == "review"
        etree.SubElement(
            link,
            "LinkStyle",
            Type=e["type"],
            ArrowStyle="ArrowNone" if e["type"] == "SAME_AS" else "ArrowOnHead",
            Strength="Tentative" if tentative else "Confirmed",
            # the chart's combined links: thicker the more links (or calls) they stand for
            LineWidth=str(min(1 + int(e.get("links") or 1) // 3, 5)),
            LineColour=colorref(
                INTEL_COLOUR if e.get("intel") else LINK_COLOURS.get(e["type"], DEFAULT_LINK_COLOUR)
            ),
        )
        cards = etree.SubElement(link, "CardCollection")
        etree.SubElement(cards, "Card", **_card(e))
        _attributes(ci, e)
    return etree.tostring(chart, xml_declaration=True, encoding="UTF-8", pretty_print=True)
