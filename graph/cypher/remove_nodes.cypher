// Delete the entities removed source records name (a sealed person, a deleted incident), with
// every relationship they have; returns their neighbours for the orphan check. {label} comes
// from graph.model.
UNWIND $rows AS row
MATCH (n:{label} {uid: row.uid})
WHERE n.agency = $agency AND n.source_system = $source_system
OPTIONAL MATCH (n)-[r]-(m)
WITH n, row, collect(DISTINCT {kind: type(r), uid: r.uid, agency: r.agency}) AS rels,
     collect(DISTINCT elementId(m)) AS ends
WITH n, row, [x IN rels WHERE x.uid IS NOT NULL] AS rels, ends,
     labels(n)[0] AS kind, n.uid AS uid, n.agency AS agency
DETACH DELETE n
RETURN kind, uid, agency, row.record AS record, rels, ends
