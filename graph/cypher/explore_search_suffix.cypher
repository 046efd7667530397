// The end of an identifier: the 7 digits of a local phone number (text index
// phone_number_text). {label} and {property} are filled by graph/explore.py. A shared node
// only where a relationship of the reader's agencies reaches it.
MATCH (n:{label})
WHERE n.{property} ENDS WITH $value
  AND (n.agency IN $agencies OR (n.shared AND EXISTS { (n)-[x_]-() WHERE x_.agency IN $agencies }))
RETURN labels(n)[0] AS label, properties(n) AS props, 90.0 AS score
LIMIT $limit
