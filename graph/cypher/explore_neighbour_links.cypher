// Every relationship at charted entities of one label that the caller may see, with the entity
// at its other end: a saved case chart compares this with what it knew when it was saved, to
// show the investigator what changed in the graph since.
UNWIND $uids AS uid
MATCH (a:{label} {uid: uid})-[r]-(b)
WHERE (a.agency IN $agencies OR a.shared) AND (b.agency IN $agencies OR b.shared) AND r.agency IN $agencies
  AND NOT coalesce(r.status, '') IN ['rejected', 'unlinked']
WITH DISTINCT r, b
LIMIT $limit
RETURN elementId(r) AS id, type(r) AS type, startNode(r).uid AS start, endNode(r).uid AS end,
       properties(r) AS props, labels(b)[0] AS other_label, b.uid AS other
