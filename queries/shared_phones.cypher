// name: shared_phones
// title: Phones used by several people
// description: Phone numbers recorded for at least the given number of different people.
// category: phones
// parameters:
//   min_people: {type: integer, default: 2, description: at least this many people}
// returns: graph
// revision: 1
MATCH (ph:Phone)<-[u:USES]-(p:Person)
WHERE ph.agency IN $agencies AND u.agency IN $agencies AND p.agency IN $agencies
WITH ph, collect(u) AS uses, collect(p) AS people
WHERE size(people) >= $min_people
RETURN ph, uses, people
