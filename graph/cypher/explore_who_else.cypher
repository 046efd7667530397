// "Who else uses this": the people linked to a shared identifier (a phone, vehicle or address
// of every agency) or, from a person or any other record, to the shared identifiers that
// record is linked to; each with the identifier and the links that join them. Only links of
// the reader's agencies; the most-used identifiers first, at most $per people each.
MATCH (n:{label} {uid: $uid})
WHERE (n.agency IN $agencies OR (n.shared AND EXISTS { (n)-[x_]-() WHERE x_.agency IN $agencies }))
CALL {
  WITH n
  WITH n WHERE n.shared
  RETURN n AS id, null AS via
  UNION
  WITH n
  MATCH (n)-[v]-(id)
  WHERE id.shared AND v.agency IN $agencies
  RETURN id, v AS via
}
MATCH (id)-[u]-(p:Person)
WHERE u.agency IN $agencies AND p.agency IN $agencies AND p <> n
WITH id, collect(DISTINCT via) AS vias,
     collect({rel: {id: elementId(u), type: type(u), start: startNode(u).uid, end: endNode(u).uid,
                    props: properties(u)},
              node: {label: 'Person', props: properties(p)}}) AS users,
     count(DISTINCT p) AS people
ORDER BY people DESC, id.uid
LIMIT $limit
RETURN {label: labels(id)[0], props: properties(id)} AS identifier, people,
       [v IN vias | {id: elementId(v), type: type(v), start: startNode(v).uid,
                     end: endNode(v).uid, props: properties(v)}] AS via,
       users[0..$per] AS users
