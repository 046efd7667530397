// Pairs waiting for a human decision, most likely first, side by side; only pairs whose
// records both belong to the reviewer's agencies ($agencies null: the terminal, all).
MATCH (a:Person)-[s:SAME_AS {status: 'review'}]->(b:Person)
WHERE $agencies IS NULL OR (a.agency IN $agencies AND b.agency IN $agencies)
WITH a, b, s
ORDER BY s.score DESC
LIMIT $limit
WITH s, [p IN [a, b] | p {.uid, .name, .dob, .agency, .source_system, .source_record_id,
         home: [(p)-[:RESIDES_AT]->(l:Location) | coalesce(l.address, l.street)][0],
         phone: [(p)-[:USES]->(ph:Phone) | ph.number][0]}] AS sides
RETURN sides[0] AS left, sides[1] AS right,
       s.score AS score, s.match_weight AS match_weight, s.explanation AS explanation,
       s.evidence AS evidence
ORDER BY score DESC
