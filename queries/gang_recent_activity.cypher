// name: gang_recent_activity
// title: Recent activity of a gang
// description: Incidents involving recorded members of a gang since a date, newest first.
// category: gangs
// parameters:
//   gang: {type: string, description: gang name or a part of it, any case}
//   since: {type: date, default: "2020-01-01", description: incidents on or after}
// returns: table
// revision: 2
MATCH (g:Gang)<-[m:MEMBER_OF]-(p:Person)-[r:INVOLVED_IN]->(i:Incident)
WHERE (toLower(g.name) CONTAINS toLower($gang) OR any(x IN coalesce(g.aliases, []) WHERE toLower(x) CONTAINS toLower($gang))) AND date(i.occurred_at) >= date($since)
  AND all(x IN [g, p, i] WHERE x.agency IN $agencies)
  AND m.agency IN $agencies AND r.agency IN $agencies
RETURN date(i.occurred_at) AS on, i.incident_number AS incident, coalesce(i.offense, i.offense_code) AS offense,
       p.name AS member, r.role AS role, i.agency AS agency
ORDER BY on DESC, incident
