// The person records of one subject that the reader may see, for a library parameter of
// type subject (graph/questions.py): a record's uid or a resolved subject ("subject:S-…",
// the chart's resolved view), widened to every record of its cluster (records joined by
// auto or confirmed SAME_AS links) within the reader's agencies.
CALL () {
  MATCH (s:Person {uid: $ref}) RETURN s
  UNION
  MATCH (s:Person {cluster_id: $cluster}) RETURN s
}
WITH s
WHERE s.agency IN $agencies
CALL (s) {
  MATCH (r:Person {cluster_id: s.cluster_id}) RETURN r
  UNION
  RETURN s AS r
}
WITH r
WHERE r.agency IN $agencies
RETURN DISTINCT r.uid AS uid, r.agency AS agency
