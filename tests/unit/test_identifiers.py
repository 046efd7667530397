"""Normalised identifiers: what makes two agencies' phone, plate or address the same node,
and what the search box makes of an identifier typed the way people write it."""

from __future__ import annotations

import pytest

from graph import identifiers as ids


@pytest.mark.parametrize(
    ("label", "props", "uid"),
    [
        ("Phone", {"number": "+17182966633"}, "phone:+17182966633"),
        ("Phone", {"number": "296-6633"}, None),  # not normalised by its loader: its own node
        ("Vehicle", {"plate": "whz-1662"}, "vehicle:WHZ1662"),
        ("Vehicle", {"plate": "WHZ1662", "plate_state": "ny"}, "vehicle:NY:WHZ1662"),
        ("Vehicle", {"plate": "X1", "vin": "1M8GDM9AXKP042788"}, "vehicle:vin:1M8GDM9AXKP042788"),
        ("Vehicle", {"plate": "X1", "vin": "1M8GDM9A1KP042788"}, "vehicle:X1"),  # bad check digit
        ("Location", {"address": "1895 Linden Boulevard"}, "address:1895 linden blvd|"),
        ("Location", {"address": "1895 LINDEN BLVD", "city": "Brooklyn"},
         "address:1895 linden blvd|brooklyn"),
        ("Location", {"address": "Residence/Home"}, None),  # a kind of place, not an address
        ("Person", {"name": "x"}, None),
    ],
)  # fmt: skip
def test_shared_uid(label: str, props: dict, uid: str | None) -> None:
    assert ids.shared_uid(label, props) == uid


def test_shared_node_holds_the_identifier_only() -> None:
    props = {"address": "12 North Main Street", "point": None, "name": "corner store",
             "agency": "A", "source_record_id": "r1"}  # fmt: skip
    assert ids.shared_props("Location", props) == {"address": "12 N Main St", "shared": True}
    said = ids.said_about("Location", props)
    assert said == {"name": "corner store", "address_as_recorded": "12 North Main Street"}


def test_typed_identifiers() -> None:
    for typed in ("718-296-6633", "(718) 296-6633", "7182966633", "+1 718 296 6633"):
        assert ids.typed_phone(typed) == ("+17182966633", None), typed
    assert ids.typed_phone("296-6633") == (None, "2966633")
    assert ids.typed_phone("Dario Vance") == (None, None)
    assert ids.typed_plate("whz 1662") == "WHZ1662" and ids.typed_plate("Dario Vance") is None
    assert ids.typed_plate("1895") is None  # digits only: not taken for a plate
    assert ids.typed_address("1895 Linden Boulevard") == "1895 Linden Blvd"
    assert ids.typed_address("Linden Boulevard") is None
    assert ids.label_of("address:1 main st|") == "Location" and ids.label_of("A:rms:x") is None
