// Agency identifier nodes of one label that a relationship reaches (graph/shared_move.py).
MATCH (n:{label})
WHERE n.agency IS NOT NULL AND n.shared IS NULL AND EXISTS { (n)--() }
  AND coalesce(n.record_class, 'incident') = 'incident'  // intelligence keeps its own node
RETURN n.uid AS uid, properties(n) AS props
