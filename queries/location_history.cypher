// name: location_history
// title: What happened at a place
// description: Incidents at a location and the people involved, newest first.
// category: places
// parameters:
//   location: {type: string, description: uid of a Location}
// returns: table
// revision: 2
MATCH (l:Location {uid: $location})<-[o:OCCURRED_AT]-(i:Incident)
WHERE (l.agency IN $agencies OR l.shared) AND o.agency IN $agencies AND i.agency IN $agencies
OPTIONAL MATCH (p:Person)-[r:INVOLVED_IN]->(i)
WHERE p.agency IN $agencies AND r.agency IN $agencies
RETURN date(i.occurred_at) AS on, i.incident_number AS incident, coalesce(i.offense, i.offense_code) AS offense,
       collect(p.name + ' (' + coalesce(r.role, '?') + ')') AS people, i.agency AS agency
ORDER BY on DESC, incident
