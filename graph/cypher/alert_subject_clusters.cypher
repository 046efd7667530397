// The resolved subject of a watched person record, read within the recipient's agencies.
MATCH (p:Person {uid: $uid})
WHERE p.agency IN $agencies
RETURN p.cluster_id AS cluster
