// Record a reviewer's decision on a pair (either direction); the history keeps every step.
// A reviewer may only decide on pairs whose records are both in their agencies.
MATCH (a:Person {uid: $a})-[s:SAME_AS]-(b:Person {uid: $b})
WHERE a.agency IN $agencies AND b.agency IN $agencies
SET s.status = $status, s.reviewer = $reviewer, s.decided_at = datetime(),
    s.history = coalesce(s.history, []) + [toString(datetime()) + ' ' + $status + ' by ' + $reviewer]
RETURN s.status AS status
