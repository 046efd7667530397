// Upsert relationships of one type between two labels by uid, with provenance.
UNWIND $rows AS row
MATCH (a:{start} {uid: row.s})
MATCH (b:{end} {uid: row.e})
MERGE (a)-[r:{type} {uid: row.uid}]->(b)
SET r += row.props,
    r += coalesce(row.clear, {}),
    r.agency = $agency,
    r.source_system = $source_system,
    r.load_id = $load_id
RETURN count(r) AS written
