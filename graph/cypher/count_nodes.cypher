// Entity nodes (those with a uid) per label, of one agency or ($agency null) of all.
MATCH (n)
WHERE n.uid IS NOT NULL AND ($agency IS NULL OR n.agency = $agency)
RETURN labels(n)[0] AS kind, count(*) AS count
