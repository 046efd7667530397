// Pairs waiting for a human decision, most likely first, side by side; only pairs whose
// records both belong to the reviewer's scope (the terminal: the operator's).
MATCH (a:Person)-[s:SAME_AS {status: 'review'}]->(b:Person)
WHERE a.agency IN $agencies AND b.agency IN $agencies
WITH a, b, s
ORDER BY s.score DESC
LIMIT $limit
WITH s, [p IN [a, b] | p {.uid, .name, .dob, .agency, .source_system, .source_record_id,
         home: [(p)-[h:RESIDES_AT]->(l:Location) WHERE h.agency IN $agencies AND l.agency IN $agencies
               | coalesce(l.address, l.street)][0],
         phone: [(p)-[u:USES]->(ph:Phone) WHERE u.agency IN $agencies AND ph.agency IN $agencies
                | ph.number][0]}] AS sides
RETURN sides[0] AS left, sides[1] AS right,
       s.score AS score, s.match_weight AS match_weight, s.explanation AS explanation,
       s.evidence AS evidence
ORDER BY score DESC
