// The search box: fulltext over names, aliases, addresses, plates, phones, gang names and
// incident narratives, cut to the caller's cleared agencies and (optionally) entity types.
CALL db.index.fulltext.queryNodes('entity_search', $query) YIELD node, score
WHERE (node.agency IN $agencies OR (node.shared AND EXISTS { (node)-[x_]-() WHERE x_.agency IN $agencies }))
  AND (size($labels) = 0 OR any(l IN labels(node) WHERE l IN $labels))
RETURN labels(node)[0] AS label, properties(node) AS props, score
LIMIT $limit
