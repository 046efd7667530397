// A standing alert on a subject: the person records of the subject ($uids, and every record
// of its resolved subjects $clusters) and the records linked to them, that load $load wrote
// (any load when $load is null: after a resolution run), within the recipient's agencies.
MATCH (p:Person)
WHERE (p.uid IN $uids OR p.cluster_id IN $clusters) AND p.agency IN $agencies
  AND ($load IS NULL OR p.load_id = $load)
RETURN p.uid AS key, p AS record, labels(p)[0] AS label
UNION
MATCH (p:Person)-[r]-(x)
WHERE (p.uid IN $uids OR p.cluster_id IN $clusters) AND p.agency IN $agencies
  AND r.agency IN $agencies AND x.agency IN $agencies AND ($load IS NULL OR r.load_id = $load)
  AND NOT x:Person
RETURN x.uid AS key, x AS record, labels(x)[0] AS label
