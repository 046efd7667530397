// name: brokers
// title: Brokers between otherwise unconnected contacts
// description: People whose direct person-to-person contacts (KNOWS, CALLED) are not linked
//   to each other; the count of such unlinked pairs is a local brokerage score (a stand-in for
//   betweenness that needs no graph-algorithm plugin).
// category: network analysis
// parameters:
//   limit: {type: integer, default: 25, description: how many}
// returns: table
// revision: 1
MATCH (b:Person)-[r:KNOWS|CALLED]-(c:Person)
WHERE b.agency IN $agencies AND c.agency IN $agencies AND r.agency IN $agencies
WITH b, collect(DISTINCT c) AS contacts
WHERE size(contacts) >= 2
UNWIND contacts AS x
UNWIND contacts AS y
WITH b, contacts, x, y
WHERE elementId(x) < elementId(y)
  AND NOT EXISTS { MATCH (x)-[k:KNOWS|CALLED]-(y) WHERE k.agency IN $agencies }
WITH b, size(contacts) AS contacts, count(*) AS unlinked_pairs
RETURN b.name AS name, contacts, unlinked_pairs, b.agency AS agency, b.uid AS uid
ORDER BY unlinked_pairs DESC, contacts DESC, name
LIMIT $limit
