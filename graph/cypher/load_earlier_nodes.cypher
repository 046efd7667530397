// Entities of one label that records earlier in this load wrote with other values: the
// properties this batch replaces, with the variants already kept, so the writer keeps the
// earlier values as variants (graph/writer.py). {label} is filled from graph.model.
UNWIND $rows AS row
MATCH (n:{label} {uid: row.uid})
WHERE n.load_id = $load_id
WITH row, n,
     [k IN keys(row.props) WHERE NOT k IN $varying AND NOT k ENDS WITH '_variants'
      AND n[k] IS NOT NULL AND n[k] <> row.props[k]] AS ks
WHERE size(ks) > 0
RETURN row.uid AS uid, [k IN ks | [k, n[k], coalesce(n[k + '_variants'], [])]] AS differ
