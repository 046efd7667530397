// name: top_degree
// title: Most connected people
// description: People with the most links to other entities (degree), counting only records
//   and links you are cleared for; optionally only members of one gang.
// category: network analysis
// parameters:
//   gang: {type: string, default: "", description: "only members of this gang (empty: everyone)"}
//   limit: {type: integer, default: 25, description: how many}
// returns: table
// revision: 2
MATCH (p:Person)
WHERE p.agency IN $agencies
  AND ($gang = '' OR EXISTS {
        MATCH (p)-[m:MEMBER_OF]->(g:Gang)
        WHERE (toLower(g.name) CONTAINS toLower($gang) OR any(x IN coalesce(g.aliases, []) WHERE toLower(x) CONTAINS toLower($gang))) AND m.agency IN $agencies AND g.agency IN $agencies })
WITH p, COUNT { MATCH (p)-[r]-(x) WHERE r.agency IN $agencies AND x.agency IN $agencies
                AND NOT x:Agency AND type(r) <> 'SAME_AS' } AS degree
WHERE degree > 0
RETURN p.name AS name, degree, p.agency AS agency, p.uid AS uid
ORDER BY degree DESC, name
LIMIT $limit
