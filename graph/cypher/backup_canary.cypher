// One named, non-anonymous person a restored graph's search must find again (the canary
// of a backup's manifest).
MATCH (p:Person)
WHERE p.name IS NOT NULL AND NOT coalesce(p.anonymous, false)
RETURN p.uid AS uid, p.name AS name, p.agency AS agency
ORDER BY p.uid
LIMIT 1
