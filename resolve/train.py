"""Training: u from random pairs, m by expectation-maximisation, and the prior λ."""

from __future__ import annotations

import logging
from typing import Any

import duckdb

from resolve.blocking import EXPLODED, block_pairs, blocking_rules
from resolve.comparisons import (
    dob_comparison,
    first_name_comparison,
    identifier_comparison,
    phone_comparison,
    surname_comparison,
)

# Training: u from random pairs, m by EM on blocks of records that agree on some fields.
U_PAIRS = 1e6
EM_BLOCKS = (("dob",), ("first_name", "surname"), ("email",))
EM_MIN_PAIRS = 50
LAMBDA_RULE = ("first_name", "surname", "dob")  # counted to estimate how many pairs match
# ...or, when no two records share all three (no birth dates at all), the first of these
# that finds pairs; with none, there is nothing to estimate the prior from
LAMBDA_FALLBACKS = (("first_name", "surname", "street"), ("first_name", "surname"))
EM_PAIRS = 2e6  # a bigger block is sampled down (Splink hashes records on both sides)


def lambda_rule(con: duckdb.DuckDBPyConnection) -> tuple[str, ...]:
    """The exact-match rule the prior is estimated from: LAMBDA_RULE where it finds pairs,
    else the first fallback that does (refused with one line when none does)."""
    for rule in (LAMBDA_RULE, *LAMBDA_FALLBACKS):
        if block_pairs(con, rule) > 0:
            return rule
    raise ValueError(
        "entity resolution needs records that agree on given and family name at least: no "
        "two person records do, so there is nothing to link"
    )


def rule_recall(linker: Any, rule: tuple[str, ...] = LAMBDA_RULE) -> float:
    """The share of true pairs that agree exactly on every LAMBDA_RULE field, by the trained
    model: the product of each field's m-probability of an exact match. Splink counts the
    pairs the rule finds and divides by this to estimate how many pairs match in all
    (measured: FEBRL 1 and fake_1000 within 6 % of the truth; a guessed 0.7 was 2x and 6x
    off, and every score was too low)."""
    recall = 1.0
    for comparison in linker._settings_obj.comparisons:
        if comparison.output_column_name in rule:
            exact = next(lv for lv in comparison.comparison_levels if not lv.is_null_level)
            recall *= exact.m_probability or 1.0
    return min(1.0, max(recall, 0.01))


def parameters(linker: Any) -> dict[str, Any]:
    """A trained model's parameters: λ and each comparison level's m and u."""
    s = linker._settings_obj
    return {
        "lambda": s._probability_two_random_records_match,
        "levels": {
            c.output_column_name: [
                [None, None] if lv.is_null_level else [lv.m_probability, lv.u_probability]
                for lv in c.comparison_levels
            ]
            for c in s.comparisons
        },
    }


def apply(linker: Any, params: dict[str, Any]) -> bool:
    """Give an untrained linker of the same comparisons a saved model's parameters; False
    (nothing changed) when the comparisons are not the ones the model was trained with."""
    s = linker._settings_obj
    saved = params.get("levels") or {}
    if {c.output_column_name for c in s.comparisons} != set(saved) or any(
        len(saved[c.output_column_name]) != len(c.comparison_levels) for c in s.comparisons
    ):
        return False
    for c in s.comparisons:
        for lv, (m, u) in zip(c.comparison_levels, saved[c.output_column_name], strict=True):
            if lv.is_null_level:
                continue
            if m is not None:
                lv.m_probability = m
            if u is not None:
                lv.u_probability = u
    s._probability_two_random_records_match = params["lambda"]
    return True


def train(
    con: duckdb.DuckDBPyConnection, only_new: bool = False, model: dict[str, Any] | None = None
) -> Any:
    """A Splink linker for the ``people`` table, trained without labels: u by sampling, m by
    EM, then λ (the chance two random records match) from the trained m-probabilities.

    With ``only_new``, pairs of two records already compared by an earlier run are not even
    generated: every blocking rule also requires one side to be new. Training still sees all
    records.
    """
    import splink.comparison_library as cl
    from splink import Linker, SettingsCreator, block_on
    from splink.backends.duckdb import DuckDBAPI
    from splink.blocking_rule_library import CustomRule

    db = DuckDBAPI(con)
    rules = blocking_rules(con)
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            first_name_comparison(),
            surname_comparison(),
            dob_comparison(),
            cl.JaroWinklerAtThresholds("street", [0.9, 0.8]),
            cl.ExactMatch("postcode"),
            cl.JaroWinklerAtThresholds("locality", [0.9]).configure(
                term_frequency_adjustments=True
            ),
            phone_comparison(),
            cl.EmailComparison("email"),
            identifier_comparison(),
        ],
        blocking_rules_to_generate_predictions=[
            *(f"({rule}) AND (l.is_new OR r.is_new)" if only_new else rule for rule in rules),
            *(
                CustomRule(
                    f"({rule}) AND (l.is_new OR r.is_new)" if only_new else rule,
                    arrays_to_explode=[column],
                )
                for column, rule in EXPLODED.items()
            ),
        ],
        retain_intermediate_calculation_columns=True,
    )
    # Splink's own warnings (levels never seen in a block, untrained defaults) are for model
    # builders; the run's summary and the links' explanations are what users read
    linker = Linker(db.register("people"), settings, log_level=logging.ERROR)
    if only_new and model and apply(linker, model):
        return linker  # an incremental run scores new pairs with the last full run's model
    linker.training.estimate_u_using_random_sampling(max_pairs=U_PAIRS, seed=1)
    from splink.internals.exceptions import EMTrainingException

    trained = 0
    # each block trains the comparisons it does not use; a block with too few pairs (no
    # emails) is skipped; a big one is sampled down to EM_PAIRS
    for columns in EM_BLOCKS:
        pairs = block_pairs(con, columns)
        if pairs < EM_MIN_PAIRS:
            continue
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(
                block_on(*columns), max_pairs=EM_PAIRS if pairs > EM_PAIRS else None
            )
            trained += 1
        except (EMTrainingException, ValueError):
            # ValueError: a block without true matches drives an m probability to 0.0,
            # which Splink refuses (seen on a 238k-person RMS without duplicates)
            continue
    if not trained:
        raise ValueError("too few comparable person records to train the matching model")
    # last: a failed EM session can leave its own in-block estimate behind (measured: 0.013
    # instead of 1.3e-5 after an email block without pairs, and name-only pairs auto-linked)
    rule = lambda_rule(con)
    linker.training.estimate_probability_two_random_records_match(
        [block_on(*rule)], recall=rule_recall(linker, rule)
    )
    return linker
