"""i2 Analyst's Notebook exchange XML (.anx): entities with their icon type, links with their
label and strength, positions as drawn, and a card on every item that cites the source
record (agency, system, record id, load) - Notebook's own place for provenance."""

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
        etree.SubElement(links, "LinkType", Name=t, Colour="0")
    classes = etree.SubElement(chart, "AttributeClassCollection")
    for a in ATTRIBUTES:
        etree.SubElement(classes, "AttributeClass", Name=a, Type="AttText", ShowValue="true")
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
        )
        cards = etree.SubElement(link, "CardCollection")
        etree.SubElement(cards, "Card", **_card(e))
        _attributes(ci, e)
    return etree.tostring(chart, xml_declaration=True, encoding="UTF-8", pretty_print=True)
