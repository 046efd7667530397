// Records of the pointer owners on the subject a person has open ($uid, one of
// their own agencies' records, $mine): the same resolved subject, the same family name and
// birth date, or a shared identifier (phone, plate, document, e-mail, address) the subject
// uses. Counted for a pointer hit by graph.guarded.PointerTally, never returned to a person.
MATCH (p:Person {uid: $uid})
WHERE p.agency IN $mine
CALL (p) {
  MATCH (q:Person)
  WHERE p.cluster_id IS NOT NULL AND q.cluster_id = p.cluster_id AND q.agency IN $agencies
  RETURN q AS x, 'same person (entity resolution)' AS matched
  UNION
  MATCH (q:Person)
  WHERE p.dob IS NOT NULL AND p.family_name IS NOT NULL
    AND q.family_name = p.family_name AND q.dob = p.dob AND q.agency IN $agencies
  RETURN q AS x, 'family name + birth date' AS matched
  UNION
  MATCH (p)-[mine]-(s {shared: true})-[r]-(q)
  WHERE mine.agency IN $mine AND r.agency IN $agencies AND q.agency = r.agency
  RETURN q AS x, 'shared:' + labels(s)[0] AS matched
}
RETURN labels(x)[0] AS label, properties(x) AS props, matched
