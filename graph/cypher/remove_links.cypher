// Delete the links a removed source record wrote (anchored on their start node's uid), unless
// a later record of the source wrote them again. {start} and {type} come from graph.model.
UNWIND $rows AS row
MATCH (a:{start} {uid: row.s})-[r:{type} {uid: row.uid}]->(b)
WHERE r.agency = $agency AND r.source_system = $source_system
  AND r.source_record_id = row.record
WITH r, row, type(r) AS kind, r.uid AS uid, r.agency AS agency,
     [elementId(a), elementId(b)] AS ends
DELETE r
RETURN kind, uid, agency, row.record AS record, ends
