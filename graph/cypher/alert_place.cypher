// A standing alert on a place: records that load $load linked to an address within $radius
// metres of the point (any load when $load is null), within the recipient's agencies.
MATCH (l:Location)-[r]-(x)
WHERE l.point IS NOT NULL
  AND point.distance(l.point, point({latitude: $lat, longitude: $lon})) <= $radius
  AND (l.agency IN $agencies OR l.shared)
  AND r.agency IN $agencies AND x.agency IN $agencies AND ($load IS NULL OR r.load_id = $load)
RETURN DISTINCT x.uid AS key, x AS record, labels(x)[0] AS label
LIMIT $limit
