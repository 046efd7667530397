// cluster_id for every named person: the smallest uid of its subject (itself when alone).
UNWIND $rows AS row
MATCH (p:Person {uid: row.uid})
SET p.cluster_id = row.cluster
