// Shared identifiers (a phone, plate or address of every agency) that no relationship
// reaches once intelligence was purged: what they held came only from purged records.
MATCH (n:Phone|Vehicle|Location)
WHERE n.shared = true AND NOT EXISTS { (n)--() }
WITH n, n.uid AS uid, labels(n)[0] AS kind
DELETE n
RETURN kind, uid, null AS agency, null AS due
