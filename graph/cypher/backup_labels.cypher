// Every label in the graph (for the per-label counts of a backup's manifest).
CALL db.labels() YIELD label
RETURN label
