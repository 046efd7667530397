// Replace each record's clear number by its keyed hashes (graph/protected.py).
UNWIND $rows AS row
MATCH (p:Person {uid: row.uid})
REMOVE p.{field}, p.{variants}
SET p += row.props
RETURN count(p) AS written
