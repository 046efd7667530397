// Person records that still hold a protected number in clear: graphs loaded before numbers
// were hashed (graph/protected.py, run by `db init`).
MATCH (p:Person)
WHERE p.{field} IS NOT NULL OR p.{variants} IS NOT NULL
RETURN p.uid AS uid, properties(p) AS props
