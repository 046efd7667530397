// Relationships per type, of one agency or ($agency null) of all.
MATCH ()-[r]->()
WHERE $agency IS NULL OR r.agency = $agency
RETURN type(r) AS kind, count(*) AS count
