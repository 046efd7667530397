// Shortest paths between two entities through what the caller is cleared to see. Agency
// nodes (every incident's REPORTED_BY) and doubtful SAME_AS links are not bridges.
// {max_hops} is an integer literal filled by graph.explore (bounds cannot be parameters).
MATCH (a:{start_label} {uid: $a}), (b:{end_label} {uid: $b})
WHERE (a.agency IN $agencies OR (a.shared AND EXISTS { (a)-[x_]-() WHERE x_.agency IN $agencies }))
  AND (b.agency IN $agencies OR (b.shared AND EXISTS { (b)-[x_]-() WHERE x_.agency IN $agencies }))
MATCH p = allShortestPaths((a)-[*..{max_hops}]-(b))
WHERE all(x IN nodes(p) WHERE (x.agency IN $agencies OR x.shared) AND NOT x:Agency)
  AND all(r IN relationships(p) WHERE r.agency IN $agencies
          AND NOT coalesce(r.status, '') IN ['rejected', 'unlinked', 'review'])
RETURN [x IN nodes(p) | {label: labels(x)[0], props: properties(x)}] AS nodes,
       [r IN relationships(p) | {id: elementId(r), type: type(r), start: startNode(r).uid,
                                 end: endNode(r).uid, props: properties(r)}] AS rels
LIMIT $limit
