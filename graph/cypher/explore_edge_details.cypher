// One relationship (by the id it has on the chart) with its ends and the load behind it.
MATCH (s)-[r]->(e)
WHERE elementId(r) = $id AND r.agency IN $agencies
  AND (s.agency IN $agencies OR s.shared) AND (e.agency IN $agencies OR e.shared)
OPTIONAL MATCH (l:Load {load_id: r.load_id})
WHERE l.agency IN $agencies
RETURN type(r) AS type, properties(r) AS props, s.uid AS start, e.uid AS end,
       l {.load_id, .format, .files, .source_system, .loaded_by, .started_at,
          .finished_at} AS load
