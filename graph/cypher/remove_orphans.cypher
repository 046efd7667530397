// Entities left with no relationship by a removal: gone when the removed records were the
// last to write them (an incident's offence, a place only it named) or when they are shared
// identifiers no record reaches any more. Others (a person another record wrote) stay.
MATCH (n)
WHERE elementId(n) IN $ids AND NOT EXISTS { (n)--() }
  AND (n.shared = true
       OR (n.agency = $agency AND n.source_system = $source_system
           AND n.source_record_id IN $records))
WITH n, labels(n)[0] AS kind, n.uid AS uid, n.agency AS agency, n.source_record_id AS record
DELETE n
RETURN kind, uid, agency, record
