// name: narcotics_near_location
// title: Narcotics incidents near a place
// description: Incidents with drugs within a radius of a location and a date window,
//   optionally of one drug type, nearest first.
// category: narcotics
// parameters:
//   location: {type: string, description: uid of a Location with coordinates}
//   radius_m: {type: float, default: 1000, description: radius in metres}
//   since: {type: date, optional: true, description: on or after (empty - any)}
//   until: {type: date, optional: true, description: on or before (empty - any)}
//   drug_type: {type: string, default: "", description: "drug type, e.g. Crack Cocaine (empty: any)"}
// returns: table
// revision: 3
MATCH (c:Location {uid: $location})
WHERE (c.agency IN $agencies OR (c.shared AND EXISTS { (c)-[x_]-() WHERE x_.agency IN $agencies })) AND c.point IS NOT NULL
MATCH (l:Location)<-[o:OCCURRED_AT]-(i:Incident)-[r:INVOLVED_DRUG]->(d:Drug)
WHERE point.distance(l.point, c.point) <= $radius_m
  AND ($since IS NULL OR date(i.occurred_at) >= date($since))
  AND ($until IS NULL OR date(i.occurred_at) <= date($until))
  AND ($drug_type = '' OR toLower(d.drug_type) = toLower($drug_type))
  AND (l.agency IN $agencies OR l.shared) AND all(x IN [i, d] WHERE x.agency IN $agencies)
  AND o.agency IN $agencies AND r.agency IN $agencies
RETURN i.incident_number AS incident, date(i.occurred_at) AS on, d.drug_type AS drug,
       d.quantity AS quantity, d.unit AS unit, l.address AS address,
       round(point.distance(l.point, c.point)) AS metres, i.agency AS agency
ORDER BY metres, on
