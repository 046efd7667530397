// cluster_id of the named persons whose subject id changed: a random id, kept for as long as
// the subject stays the same (see resolve.engine.stable_ids).
UNWIND $rows AS row
MATCH (p:Person {uid: row.uid})
SET p.cluster_id = row.cluster
