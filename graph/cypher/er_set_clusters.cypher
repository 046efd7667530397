// cluster_id for every named person: an opaque id of its subject (derived from the smallest
// uid of the subject, itself when alone; see resolve.engine.subject_id).
UNWIND $rows AS row
MATCH (p:Person {uid: row.uid})
SET p.cluster_id = row.cluster
