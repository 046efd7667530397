"""How two records are compared, field by field (Splink comparison levels)."""

from __future__ import annotations

from typing import Any

from graph.model import PERSON_IDENTIFIERS
from graph.protected import NEAR_OF


def dob_comparison() -> Any:
    """Birth dates: exact, day and month swapped (03/04 vs 04/03, a common clerical slip),
    one digit different, the year off by up to two, within a month, within a year."""
    import splink.comparison_level_library as cll
    from splink.comparison_library import CustomComparison

    return CustomComparison(
        output_column_name="dob",
        comparison_levels=[
            cll.NullLevel("dob"),
            cll.ExactMatchLevel("dob"),
            cll.CustomLevel(
                "day(dob_l) <= 12 AND day(dob_r) <= 12 AND "
                "dob_l = make_date(year(dob_r), day(dob_r), month(dob_r))"
            ).configure(label_for_charts="Day and month swapped"),
            cll.CustomLevel(
                "damerau_levenshtein(CAST(dob_l AS VARCHAR), CAST(dob_r AS VARCHAR)) <= 1"
            ).configure(label_for_charts="One digit different"),
            cll.CustomLevel(
                "month(dob_l) = month(dob_r) AND day(dob_l) = day(dob_r) AND "
                "abs(year(dob_l) - year(dob_r)) <= 2"
            ).configure(label_for_charts="Same day and month, year within 2"),
            cll.AbsoluteDateDifferenceLevel(
                "dob", input_is_string=False, threshold=1, metric="month"
            ),
            cll.AbsoluteDateDifferenceLevel(
                "dob", input_is_string=False, threshold=1, metric="year"
            ),
            cll.ElseLevel(),
        ],
    )


def _swapped() -> str:
    """Given and family name recorded the wrong way round, typos allowed ("Harry Taylor" and
    "Tarlo Hayr"): both names must match across for either comparison to count it."""
    return (
        "jaro_winkler_similarity(first_name_l, surname_r) >= 0.88 AND "
        "jaro_winkler_similarity(surname_l, first_name_r) >= 0.88"
    )


def _one_side_swapped(column: str, other: str) -> str:
    """One record has this name in the other name's field ("Harris, Matilda" and "Matilda,
    Hsrir"; "Richards, Charlie" and "Charlie" with no family name)."""
    return (
        f"jaro_winkler_similarity({column}_l, {other}_r) >= 0.92 OR "
        f"jaro_winkler_similarity({other}_l, {column}_r) >= 0.92"
    )


def _jumbled(letters: str) -> str:
    """The same letters (``letters``: the column of a name's sorted letters), typed in
    another order or with one letter more or less."""
    return f"jaro_winkler_similarity({letters}_l, {letters}_r) >= 0.9"


def first_name_comparison() -> Any:
    """Given names: exact (a common name is weaker evidence), swapped with the family name,
    near spellings, nicknames of each other (Bob, Robert), an initial for the name."""
    import splink.comparison_level_library as cll
    from splink.comparison_library import CustomComparison

    return CustomComparison(
        output_column_name="first_name",
        comparison_levels=[
            cll.NullLevel("first_name"),
            cll.ExactMatchLevel("first_name", term_frequency_adjustments=True),
            cll.CustomLevel(_swapped()).configure(label_for_charts="Swapped with family name"),
            cll.JaroWinklerLevel("first_name", 0.92),
            cll.CustomLevel(
                "list_contains(first_alts_l, first_name_r) OR "
                "list_contains(first_alts_r, first_name_l)"
            ).configure(label_for_charts="Nicknames of each other"),
            cll.JaroWinklerLevel("first_name", 0.8),
            cll.CustomLevel(_jumbled("first_letters")).configure(
                label_for_charts="Letters jumbled"
            ),
            cll.CustomLevel(_one_side_swapped("first_name", "surname")).configure(
                label_for_charts="In the family name field"
            ),
            cll.CustomLevel(
                "(length(first_name_l) = 1 AND first_name_l = left(first_name_r, 1)) OR "
                "(length(first_name_r) = 1 AND first_name_r = left(first_name_l, 1))"
            ).configure(label_for_charts="An initial for the name"),
            cll.ElseLevel(),
        ],
    )


def surname_comparison() -> Any:
    """Family names: exact (term-frequency adjusted), near spellings, sounding alike (NYSIIS:
    Smith, Smyth). Names swapped with the given name are neutral here (weight 0): the
    given-name comparison already counts the swap."""
    import splink.comparison_level_library as cll
    from splink.comparison_library import CustomComparison

    return CustomComparison(
        output_column_name="surname",
        comparison_levels=[
            cll.NullLevel("surname"),
            cll.ExactMatchLevel("surname", term_frequency_adjustments=True),
            # the swap is one piece of evidence, weighed once by the given-name comparison:
            # counted here too it added ~+14 more and outweighed a different birth date,
            # town and street (different people named "Lee Kim" and "Kim Lee" auto-linked)
            cll.CustomLevel(_swapped()).configure(
                label_for_charts="Swapped with given name (weighed with the given name)",
                is_null_level=True,
            ),
            cll.JaroWinklerLevel("surname", 0.92),
            cll.JaroWinklerLevel("surname", 0.8),
            cll.CustomLevel("surname_key_l = surname_key_r").configure(
                label_for_charts="Sounds alike"
            ),
            cll.CustomLevel(_jumbled("surname_letters")).configure(
                label_for_charts="Letters jumbled"
            ),
            cll.CustomLevel(_one_side_swapped("surname", "first_name")).configure(
                label_for_charts="In the given name field"
            ),
            cll.ElseLevel(),
        ],
    )


# Strong identifiers a person record may carry (cleaned by resolve.prepare): the same number
# on both records is near-proof, one digit different a typo, a different number evidence
# against; a record without one is neutral.
IDENTIFIERS = tuple(PERSON_IDENTIFIERS)


def phone_comparison() -> Any:
    """Every phone of each record: one number in common is the evidence (a person who gave
    agency A two numbers and agency B the second one); neutral when a record has none."""
    import splink.comparison_level_library as cll
    from splink.comparison_library import CustomComparison

    return CustomComparison(
        output_column_name="phone",
        comparison_levels=[
            cll.CustomLevel("phones_l IS NULL OR phones_r IS NULL").configure(
                label_for_charts="No phone on one record", is_null_level=True
            ),
            cll.CustomLevel("list_has_any(phones_l, phones_r)").configure(
                label_for_charts="A phone in common"
            ),
            cll.ElseLevel().configure(label_for_charts="Different phones"),
        ],
    )


def _one_digit_different(c: str) -> str:
    """A number one digit from the other: edit distance on the digits, or for a number kept
    only as a keyed hash, one shared hash of the number with a digit masked."""
    if c in NEAR_OF:
        near = NEAR_OF[c]
        return f"list_has_any({near}_l, {near}_r)"
    return f"damerau_levenshtein({c}_l, {c}_r) <= 1"


def identifier_comparison() -> Any:
    """Social security, state id, driver's licence and FBI numbers as one comparison (one
    piece of evidence however many of them agree): neutral unless both records carry the
    same kind of number."""
    import splink.comparison_level_library as cll
    from splink.comparison_library import CustomComparison

    both = [f"({c}_l IS NOT NULL AND {c}_r IS NOT NULL)" for c in IDENTIFIERS]
    return CustomComparison(
        output_column_name="identifier",
        comparison_levels=[
            cll.CustomLevel(f"NOT ({' OR '.join(both)})").configure(
                label_for_charts="No number on both records", is_null_level=True
            ),
            cll.CustomLevel(" OR ".join(f"{c}_l = {c}_r" for c in IDENTIFIERS)).configure(
                label_for_charts="The same number"
            ),
            cll.CustomLevel(" OR ".join(_one_digit_different(c) for c in IDENTIFIERS)).configure(
                label_for_charts="One digit different"
            ),
            cll.ElseLevel().configure(label_for_charts="Different numbers"),
        ],
    )
