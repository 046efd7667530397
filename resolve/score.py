"""Scoring: the trained model's match probability and weights for every blocked pair."""

from __future__ import annotations

import json
from typing import Any

import duckdb

from resolve.explain import level_labels
from resolve.train import parameters, train


def score(
    con: duckdb.DuckDBPyConnection,
    low: float,
    only_new: bool = False,
    model: dict[str, Any] | None = None,
    trained: dict[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """Train a model (``train``; an incremental run reuses ``model``, the last full run's
    parameters) and score the blocked pairs at or above ``low``, each with the match weight
    every comparison contributed. The parameters used go into ``trained``."""
    linker = train(con, only_new, model)
    if trained is not None:
        trained.update(parameters(linker))
    labels = level_labels(linker)
    rel = linker.inference.predict(threshold_match_probability=low).as_duckdbpyrelation()
    cols = rel.columns
    weights = [c for c in cols if c.startswith("mw_") and not c.startswith("mw_tf_adj_")]
    pairs = []
    for row in rel.fetchall():
        r = dict(zip(cols, row, strict=True))
        a, b = sorted((r["unique_id_l"], r["unique_id_r"]))
        # a comparison's weight includes its term-frequency adjustment (a common name counts
        # less), so the contributions and the prior add up to the match weight
        explanation = {
            w[3:]: round(r[w] + (r.get(f"mw_tf_adj_{w[3:]}") or 0.0), 3)
            for w in weights
            if r[w] is not None
        }
        pairs.append(
            {
                "a": a,
                "b": b,
                "score": round(r["match_probability"], 6),
                "match_weight": round(r["match_weight"], 3),
                "explanation": json.dumps(explanation, sort_keys=True),
                # what each comparison found, in words ("nicknames of each other")
                "evidence": json.dumps(
                    {c: labels[c].get(r[f"gamma_{c}"], "") for c in explanation},
                    sort_keys=True,
                ),
            }
        )
    return pairs
