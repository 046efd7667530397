// Delete intelligence entities due before $before, with every relationship they have.
MATCH (n)
WHERE n.record_class = 'intelligence' AND n.review_due < date($before)
WITH n, n.uid AS uid, labels(n)[0] AS kind, n.agency AS agency, n.review_due AS due
DETACH DELETE n
RETURN kind, uid, agency, due
