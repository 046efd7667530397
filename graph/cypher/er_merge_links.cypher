// Write scored pairs. Human decisions (confirmed, rejected, unlinked) are never overwritten.
UNWIND $pairs AS pair
MATCH (a:Person {uid: pair.a})
MATCH (b:Person {uid: pair.b})
MERGE (a)-[s:SAME_AS]->(b)
  ON CREATE SET s.uid = 'er:' + pair.a + '|' + pair.b, s.created_at = datetime(),
                s.status = pair.status, s.agency = a.agency, s.agencies = [a.agency, b.agency],
                s.source_system = 'civicfusion-er', s.record_class = 'incident'
WITH s, pair
SET s.score = pair.score, s.match_weight = pair.match_weight,
    s.explanation = pair.explanation, s.evidence = pair.evidence, s.run_id = $run_id, s.load_id = $run_id,
    s.source_record_id = pair.a + '|' + pair.b,
    s.status = CASE WHEN s.status IN ['confirmed', 'rejected', 'unlinked'] THEN s.status
                    ELSE pair.status END
RETURN count(s) AS written
