// Upsert identifiers shared by every agency (graph/identifiers.py) by uid: the identifier
// only, no agency and no provenance (those are on each agency's relationships to it).
// {label} is filled from graph.identifiers.
UNWIND $rows AS row
MERGE (n:{label} {uid: row.uid})
SET n += row.props
RETURN count(n) AS written
