// An identifier typed the way people write it, normalised (graph/identifiers.py): a phone
// number in E.164, a plate as stored. {label} and {property} are filled by graph/explore.py.
// A shared node only where a relationship of the reader's agencies reaches it.
MATCH (n:{label})
WHERE n.{property} = $value
  AND (n.agency IN $agencies OR (n.shared AND EXISTS { (n)-[x_]-() WHERE x_.agency IN $agencies }))
RETURN labels(n)[0] AS label, properties(n) AS props, 100.0 AS score
LIMIT $limit
