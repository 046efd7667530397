// name: repeat_narcotics_locations
// title: Places that keep coming back in narcotics incidents
// description: Addresses with at least the given number of incidents that involved drugs.
// category: narcotics
// parameters:
//   min_incidents: {type: integer, default: 2, description: at least this many incidents}
// returns: table
// revision: 2
MATCH (l:Location)<-[o:OCCURRED_AT]-(i:Incident)
WHERE (l.agency IN $agencies OR l.shared) AND o.agency IN $agencies AND i.agency IN $agencies
  AND EXISTS { MATCH (i)-[r:INVOLVED_DRUG]->(d:Drug) WHERE r.agency IN $agencies AND d.agency IN $agencies }
WITH l, collect(DISTINCT o.agency) AS agencies, count(DISTINCT i) AS incidents, min(date(i.occurred_at)) AS first, max(date(i.occurred_at)) AS last
WHERE incidents >= $min_incidents
RETURN l.address AS address, incidents, first, last, agencies, l.uid AS uid
ORDER BY incidents DESC, address
