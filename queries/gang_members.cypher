// name: gang_members
// title: Members of a gang and their closest associates
// description: Recorded members of a gang (intelligence) and the people who share an incident,
//   a phone or a KNOWS/CALLED link with them.
// category: gangs
// parameters:
//   gang: {type: string, description: gang name or a part of it, any case (pitkin finds Pitkin Ave Crew)}
//   associates: {type: boolean, default: true, description: include closest associates}
// returns: graph
// revision: 2
MATCH (g:Gang)<-[m:MEMBER_OF]-(p:Person)
WHERE (toLower(g.name) CONTAINS toLower($gang) OR any(x IN coalesce(g.aliases, []) WHERE toLower(x) CONTAINS toLower($gang))) AND g.agency IN $agencies
  AND m.agency IN $agencies AND p.agency IN $agencies
OPTIONAL MATCH (p)-[k:KNOWS|CALLED]-(a:Person)
WHERE $associates AND k.agency IN $agencies AND a.agency IN $agencies
RETURN g, m, p, k, a
