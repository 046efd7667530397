// Linked pairs (auto or confirmed), most recently decided first, for the unlink list.
MATCH (a:Person)-[s:SAME_AS]->(b:Person)
WHERE s.status IN ['auto', 'confirmed']
  AND (a.agency IN $agencies AND b.agency IN $agencies)
WITH a, b, s, coalesce(s.decided_at, s.created_at) AS at
ORDER BY at DESC
LIMIT $limit
WITH s, at, [p IN [a, b] | p {.uid, .name, .dob, .agency, .source_system, .source_record_id,
         home: [(p)-[h:RESIDES_AT]->(l:Location) WHERE h.agency IN $agencies AND l.agency IN $agencies
               | coalesce(l.address, l.street)][0],
         phone: [(p)-[u:USES]->(ph:Phone) WHERE u.agency IN $agencies AND ph.agency IN $agencies
                | ph.number][0]}] AS sides
RETURN sides[0] AS left, sides[1] AS right,
       s.score AS score, s.match_weight AS match_weight, s.explanation AS explanation,
       s.evidence AS evidence, s.status AS status
ORDER BY at DESC
