// Relationships of one type that records earlier in this load wrote with other values (see
// load_earlier_nodes), found from their start node (by its uid index: most relationship
// types have no index of their own). {start} and {type} are filled from graph.model.
UNWIND $rows AS row
MATCH (:{start} {uid: row.s})-[n:{type} {uid: row.uid}]->()
WHERE n.load_id = $load_id
WITH row, n,
     [k IN keys(row.props) WHERE NOT k IN $varying AND NOT k ENDS WITH '_variants'
      AND n[k] IS NOT NULL AND n[k] <> row.props[k]] AS ks
WHERE size(ks) > 0
RETURN row.uid AS uid, [k IN ks | [k, n[k], coalesce(n[k + '_variants'], [])]] AS differ
