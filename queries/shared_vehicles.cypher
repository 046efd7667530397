// name: shared_vehicles
// title: Vehicles tied to several people
// description: Vehicles associated with at least the given number of different people.
// category: vehicles
// parameters:
//   min_people: {type: integer, default: 2, description: at least this many people}
// returns: graph
// revision: 1
MATCH (v:Vehicle)<-[a:ASSOCIATED_WITH]-(p:Person)
WHERE v.agency IN $agencies AND a.agency IN $agencies AND p.agency IN $agencies
WITH v, collect(a) AS links, collect(p) AS people
WHERE size(people) >= $min_people
RETURN v, links, people
