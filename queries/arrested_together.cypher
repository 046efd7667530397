// name: arrested_together
// title: People arrested together
// description: Pairs of people arrested for the same incident, with the arrests and the incident.
// category: people
// parameters:
//   since: {type: date, optional: true, description: arrests on or after (empty - any)}
// returns: graph
// revision: 2
MATCH (p:Person)-[r1:ARRESTED]->(a1:Arrest)-[f1:FOR]->(i:Incident)<-[f2:FOR]-(a2:Arrest)<-[r2:ARRESTED]-(q:Person)
WHERE p.uid < q.uid AND ($since IS NULL OR a1.arrest_date >= date($since))
  AND all(x IN [p, a1, i, a2, q] WHERE x.agency IN $agencies)
  AND all(r IN [r1, f1, f2, r2] WHERE r.agency IN $agencies)
RETURN p, r1, a1, f1, i, f2, a2, r2, q
