// Shared identifiers (a phone, plate, address, e-mail, document or weapon of every agency)
// that no relationship reaches once intelligence was purged: what they held came only from
// purged records.
MATCH (n:Phone|Vehicle|Location|Email|Document|Weapon)
WHERE n.shared = true AND NOT EXISTS { (n)--() }
WITH n, n.uid AS uid, labels(n)[0] AS kind
DELETE n
RETURN kind, uid, null AS agency, null AS due
