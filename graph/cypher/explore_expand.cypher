// Neighbours of one entity, most recent first, filtered by relationship type, date and
// agency; links already on the chart ($charted) are passed over, so expanding again gives
// the next ones. The total, what is left and a per-type count come back too so the chart
// can say when it capped. Rejected or unlinked SAME_AS links are never shown.
MATCH (n:{label} {uid: $uid})
WHERE (n.agency IN $agencies OR (n.shared AND EXISTS { (n)-[x_]-() WHERE x_.agency IN $agencies }))
MATCH (n)-[r]-(m)
WHERE r.agency IN $agencies AND (m.agency IN $agencies OR m.shared) AND NOT m:Agency
  AND (size($types) = 0 OR type(r) IN $types)
  AND NOT coalesce(r.status, '') IN ['rejected', 'unlinked']
WITH r, m, date(coalesce(r.date, m.occurred_at, m.arrest_date, m.last_seen)) AS on
WHERE ($since IS NULL OR on >= date($since)) AND ($until IS NULL OR on <= date($until))
WITH r, m, on
ORDER BY on DESC
WITH collect(CASE WHEN NOT coalesce(r.uid, 'rel:' + elementId(r)) IN $charted THEN {
  rel: {id: elementId(r), type: type(r), start: startNode(r).uid, end: endNode(r).uid,
        props: properties(r)},
  node: {label: labels(m)[0], props: properties(m)}} END) AS fresh,
  count(*) AS total, collect(type(r)) AS types
RETURN total, size(fresh) AS left, fresh[0..$limit] AS rows, types
