// name: vehicles_in_incidents
// title: Vehicles tied to several incidents
// description: Vehicles whose associated people were involved in at least the given number
//   of incidents.
// category: vehicles
// parameters:
//   min_incidents: {type: integer, default: 2, description: at least this many incidents}
// returns: table
// revision: 2
MATCH (v:Vehicle)<-[a:ASSOCIATED_WITH]-(p:Person)-[r:INVOLVED_IN]->(i:Incident)
WHERE (v.agency IN $agencies OR v.shared) AND all(x IN [p, i] WHERE x.agency IN $agencies)
  AND a.agency IN $agencies AND r.agency IN $agencies
WITH v, collect(DISTINCT coalesce(a.make_model, v.make_model)) AS described,
     collect(DISTINCT a.agency) AS agencies, count(DISTINCT i) AS incidents, collect(DISTINCT p.name) AS people,
     collect(DISTINCT i.incident_number) AS incident_numbers
WHERE incidents >= $min_incidents
RETURN v.plate AS plate, described AS vehicle, incidents, people, incident_numbers,
       agencies, v.uid AS uid
ORDER BY incidents DESC, plate
