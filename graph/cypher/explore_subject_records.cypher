// Every agency record behind the subject a person record belongs to (its SAME_AS cluster)
// that the caller is cleared for; a record without a cluster stands alone.
MATCH (p:Person {uid: $uid})
WHERE p.agency IN $agencies
CALL (p) {
  MATCH (q:Person {cluster_id: p.cluster_id})
  WHERE q.agency IN $agencies
  RETURN q
  UNION
  RETURN p AS q
}
RETURN properties(q) AS props
ORDER BY q.agency, q.uid
