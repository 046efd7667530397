// name: shared_vehicles
// title: Vehicles tied to several people
// description: Vehicles associated with at least the given number of different people,
//   across every agency you are cleared for (one plate is one node, whichever agency
//   recorded it; the same person in two agencies' records counts once).
// category: vehicles
// parameters:
//   min_people: {type: integer, default: 2, description: at least this many people}
// returns: graph
// revision: 2
MATCH (v:Vehicle)<-[a:ASSOCIATED_WITH]-(p:Person)
WHERE (v.agency IN $agencies OR v.shared) AND a.agency IN $agencies AND p.agency IN $agencies
WITH v, collect(a) AS links, collect(p) AS people,
     count(DISTINCT coalesce(p.cluster_id, p.uid)) AS subjects
WHERE subjects >= $min_people
RETURN v, links, people
