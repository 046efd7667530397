"""The graph model: entity labels, their lookup properties, relationship types, provenance.

This module is the one place that names the model; the schema migrations in
``graph/migrations/*.cypher`` must cover it (a unit test checks that they do).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

# Provenance carried by every entity node and every relationship (see docs/design.md).
PROVENANCE_PROPERTIES: tuple[str, ...] = (
    "agency",
    "source_system",
    "source_record_id",
    "load_id",
    "first_seen",
    "last_seen",
    "record_class",
)
# Extra fields of an intelligence record (28 CFR Part 23).
INTELLIGENCE_PROPERTIES: tuple[str, ...] = (
    "criminal_predicate",
    "submitted_by",
    "submitted_at",
    "review_due",
)
RECORD_CLASSES = ("incident", "intelligence")
# What an owner's sharing agreement grants a partner, class by class (access/sharing.py).
SHARE_CLASSES: dict[str, str] = {
    "incident": "Incident reports",
    "arrest": "Arrests",
    "field_interview": "Field interviews",
    "intelligence": "Criminal intelligence (28 CFR Part 23)",
    "juvenile": "Juvenile records",
}


def share_class(props: Mapping[str, Any], label: str = "") -> str:
    """A record's sharing class: ``juvenile`` when marked so, ``intelligence`` for criminal
    intelligence, a class its mapping declared (``share_class``, e.g. field interviews),
    ``arrest`` for an Arrest, else ``incident``. The most protective class wins."""
    if props.get("juvenile") is True:
        return "juvenile"
    if props.get("record_class") == "intelligence":
        return "intelligence"
    declared = props.get("share_class")
    if isinstance(declared, str) and declared in SHARE_CLASSES:
        return declared
    return "arrest" if label == "Arrest" else "incident"


# Numbers that identify a person across agencies: a Person property name -> what it is.
# Entity resolution weighs them as strong evidence and blocks on them (docs/resolve.md). A
# social security number is stored only as its keyed hash (graph/protected.py).
PERSON_IDENTIFIERS: dict[str, str] = {
    "ssn_hash": "Social security number (kept as a keyed hash)",
    "state_id": "State identification number (SID)",
    "dl_number": "Driver's licence number",
    "fbi_number": "FBI number (UCN)",
}


@dataclass(frozen=True)
class EntityLabel:
    label: str
    description: str  # what an investigator calls it
    lookup: tuple[str, ...] = ()  # properties with a range index
    searchable: tuple[str, ...] = ()  # properties in the fulltext index


ENTITIES: tuple[EntityLabel, ...] = (
    EntityLabel(
        "Person",
        "Person",
        ("name", "family_name", "dob", "cluster_id", "ssn_hash", "email"),
        ("name", "aliases", "moniker", "name_variants"),
    ),
    EntityLabel("Location", "Address or place", ("address",), ("address", "name")),
    EntityLabel("Vehicle", "Vehicle", ("plate", "vin"), ("plate", "vin")),
    EntityLabel("Phone", "Phone number", ("number",), ("number",)),
    EntityLabel("Email", "E-mail address", ("email",)),
    # driver's licence, state id, FBI number; a social security number only as a keyed hash
    EntityLabel("Document", "Identity document", ("number",)),
    EntityLabel("Gang", "Gang or organisation", ("name",), ("name", "aliases")),
    EntityLabel(
        "Incident", "Incident", ("incident_number", "occurred_at"), ("incident_number", "narrative")
    ),
    EntityLabel("Offense", "Offense", ("offense_code",)),
    EntityLabel("Drug", "Drug / narcotics item", ("drug_type",)),
    EntityLabel("Arrest", "Arrest", ("arrest_date",)),
    EntityLabel("Weapon", "Weapon", ("weapon_type", "serial")),
    EntityLabel("Agency", "Agency", ("code",), ("name",)),
    # the second mode of a two-mode network (people attending meetings)
    EntityLabel("Event", "Event or meeting", ("name",), ("name",)),
)
ENTITY_LABELS: tuple[str, ...] = tuple(e.label for e in ENTITIES)

# Relationship types of the model: (type, from label, to label).
RELATIONSHIPS: tuple[tuple[str, str, str], ...] = (
    ("INVOLVED_IN", "Person", "Incident"),  # role: suspect, victim, witness, arrestee...
    ("OCCURRED_AT", "Incident", "Location"),
    ("RESIDES_AT", "Person", "Location"),
    ("MEMBER_OF", "Person", "Gang"),
    ("USES", "Person", "Phone"),
    ("USES", "Person", "Email"),
    ("HOLDS", "Person", "Document"),  # an identity document in the person's name
    ("POSSESSED", "Person", "Weapon"),
    ("ASSOCIATED_WITH", "Person", "Vehicle"),
    ("INVOLVED_DRUG", "Incident", "Drug"),
    ("HAS_OFFENSE", "Incident", "Offense"),
    ("ARRESTED", "Person", "Arrest"),
    ("FOR", "Arrest", "Incident"),
    ("USED_WEAPON", "Offense", "Weapon"),
    ("INVOLVED_WEAPON", "Incident", "Weapon"),  # a weapon recovered or seen in an incident
    ("KNOWS", "Person", "Person"),
    ("CALLED", "Person", "Person"),
    ("SAME_AS", "Person", "Person"),
    ("REPORTED_BY", "Incident", "Agency"),
    ("ATTENDED", "Person", "Event"),  # two-mode networks: who was at which meeting
    ("SEEN_AT", "Person", "Location"),  # a network's person-place links
)

# Name of the one fulltext index that the workbench's search box uses.
FULLTEXT_INDEX = "entity_search"
# Label of the nodes that record applied schema migrations (not part of the case data).
SCHEMA_MIGRATION_LABEL = "SchemaMigration"


def searchable_properties() -> tuple[str, ...]:
    props: list[str] = []
    for e in ENTITIES:
        props += [p for p in e.searchable if p not in props]
    return tuple(props)


def searchable_labels() -> tuple[str, ...]:
    return tuple(e.label for e in ENTITIES if e.searchable)
