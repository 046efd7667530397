// name: gang_bridges
// title: People bridging two gangs
// description: People recorded as members of the first gang who are also members of the
//   second, or are directly linked to one of its members (KNOWS, CALLED, same incident).
// category: gangs
// parameters:
//   gang_a: {type: string, description: first gang name}
//   gang_b: {type: string, description: second gang name}
// returns: graph
// revision: 2
MATCH (ga:Gang), (gb:Gang)
WHERE toLower(ga.name) CONTAINS toLower($gang_a) AND toLower(gb.name) CONTAINS toLower($gang_b)
  AND ga.agency IN $agencies AND gb.agency IN $agencies
MATCH (ga)<-[m1:MEMBER_OF]-(p:Person)
WHERE m1.agency IN $agencies AND p.agency IN $agencies
CALL (p, gb) {
  MATCH path = (p)-[:MEMBER_OF]->(gb)
  RETURN path
  UNION
  MATCH path = (p)-[:KNOWS|CALLED]-(:Person)-[:MEMBER_OF]->(gb)
  RETURN path
  UNION
  MATCH path = (p)-[:INVOLVED_IN]->(:Incident)<-[:INVOLVED_IN]-(:Person)-[:MEMBER_OF]->(gb)
  RETURN path
}
WITH ga, m1, p, path
WHERE all(x IN nodes(path) WHERE x.agency IN $agencies)
  AND all(r IN relationships(path) WHERE r.agency IN $agencies)
RETURN ga, m1, p, path
