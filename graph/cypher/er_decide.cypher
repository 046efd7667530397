// Record a reviewer's decision on a pair (either direction); the history keeps every step.
MATCH (a:Person {uid: $a})-[s:SAME_AS]-(b:Person {uid: $b})
SET s.status = $status, s.reviewer = $reviewer, s.decided_at = datetime(),
    s.history = coalesce(s.history, []) + [toString(datetime()) + ' ' + $status + ' by ' + $reviewer]
RETURN s.status AS status
