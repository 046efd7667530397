// One entity with the load that wrote it (provenance: who loaded which file, when).
MATCH (n:{label} {uid: $uid})
WHERE (n.agency IN $agencies OR (n.shared AND EXISTS { (n)-[x_]-() WHERE x_.agency IN $agencies }))
OPTIONAL MATCH (l:Load {load_id: n.load_id})
WHERE l.agency IN $agencies
RETURN labels(n)[0] AS label, properties(n) AS props,
       l {.load_id, .format, .files, .source_system, .loaded_by, .started_at,
          .finished_at} AS load
