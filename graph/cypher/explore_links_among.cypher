// Relationships between newly charted entities (of one label) and everything already on the
// chart, so that adding or expanding draws every visible line between charted items.
UNWIND $uids AS uid
MATCH (a:{label} {uid: uid})-[r]-(b)
WHERE b.uid IN $chart AND (a.agency IN $agencies OR a.shared) AND (b.agency IN $agencies OR b.shared)
  AND r.agency IN $agencies AND NOT coalesce(r.status, '') IN ['rejected', 'unlinked']
RETURN DISTINCT elementId(r) AS id, type(r) AS type, startNode(r).uid AS start,
       endNode(r).uid AS end, properties(r) AS props
