// Linked pairs (auto or confirmed), most recently decided first, for the unlink list.
MATCH (a:Person)-[s:SAME_AS]->(b:Person)
WHERE s.status IN ['auto', 'confirmed']
  AND ($agencies IS NULL OR (a.agency IN $agencies AND b.agency IN $agencies))
RETURN a {.uid, .name, .dob, .agency, .source_system, .source_record_id,
         home: [(a)-[:RESIDES_AT]->(l:Location) | coalesce(l.address, l.street)][0],
         phone: [(a)-[:USES]->(ph:Phone) | ph.number][0]} AS left,
       b {.uid, .name, .dob, .agency, .source_system, .source_record_id,
         home: [(b)-[:RESIDES_AT]->(l:Location) | coalesce(l.address, l.street)][0],
         phone: [(b)-[:USES]->(ph:Phone) | ph.number][0]} AS right,
       s.score AS score, s.match_weight AS match_weight, s.explanation AS explanation,
       s.evidence AS evidence,
       s.status AS status
ORDER BY coalesce(s.decided_at, s.created_at) DESC
LIMIT $limit
