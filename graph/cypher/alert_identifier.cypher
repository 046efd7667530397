// A standing alert on a shared identifier ({label} node $uid): the records that load $load
// linked to it (any load when $load is null), within the recipient's agencies.
MATCH (s:{label} {uid: $uid})-[r]-(x)
WHERE r.agency IN $agencies AND x.agency IN $agencies AND ($load IS NULL OR r.load_id = $load)
RETURN DISTINCT x.uid AS key, x AS record, labels(x)[0] AS label
LIMIT $limit
