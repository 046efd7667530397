"""Explanations in words: what each comparison found, for reviewers."""

from __future__ import annotations

import re
from typing import Any

# What each comparison is called on the review page and in the terminal.
FIELDS = {
    "first_name": "given name",
    "surname": "family name",
    "dob": "date of birth",
    "street": "street",
    "postcode": "postcode",
    "locality": "town",
    "phone": "phone",
    "email": "e-mail",
    "identifier": "identity number",
}
_PLAIN = (
    (r".* is NULL$", "missing on one side"),
    (r"^Exact match on username$", "same user name"),
    (r"^Exact match on .*", "the same"),
    (r"^Jaro-Winkler >0\.88 on username$", "user name spelled alike"),
    (r"^Jaro-Winkler distance of .* >= 0\.9\d*$", "spelled almost the same"),
    (r"^Jaro-Winkler distance of .* >= .*", "spelled alike"),
    (r"^Abs difference of .*<= 1 month.*", "within a month"),
    (r"^Abs difference of .*<= 1 year.*", "within a year"),
    (r"^All other comparisons$", "different"),
)


def plain_label(label: str) -> str:
    """A Splink comparison level's label in an investigator's words ("Jaro-Winkler distance
    of surname >= 0.92" -> "spelled almost the same"); our own labels are already plain."""
    for pattern, text in _PLAIN:
        if re.match(pattern, label):
            return text
    return label[:1].lower() + label[1:]


def level_labels(linker: Any) -> dict[str, dict[int, str]]:
    """comparison -> comparison vector value (Splink's gamma) -> plain label."""
    return {
        c.output_column_name: {
            lv.comparison_vector_value: plain_label(lv.label_for_charts)
            for lv in c.comparison_levels
        }
        for c in linker._settings_obj.comparisons
    }


def reasons(pair: dict[str, Any]) -> list[tuple[str, str, float]]:
    """(field, what it found, match weight) of a pair from ``pending``/``decided``,
    strongest evidence first: ("given name", "nicknames of each other", 4.2)."""
    evidence = pair.get("evidence") or {}
    return [
        (FIELDS.get(name, name.replace("_", " ")), evidence.get(name, ""), weight)
        for name, weight in sorted(pair["explanation"].items(), key=lambda kv: -abs(kv[1]))
    ]
