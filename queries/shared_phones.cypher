// name: shared_phones
// title: Phones used by several people
// description: Phone numbers recorded for at least the given number of different people,
//   across every agency you are cleared for (one number is one node, whichever agency
//   recorded it; the same person in two agencies' records counts once).
// category: phones
// parameters:
//   min_people: {type: integer, default: 2, description: at least this many people}
// returns: graph
// revision: 2
MATCH (ph:Phone)<-[u:USES]-(p:Person)
WHERE (ph.agency IN $agencies OR ph.shared) AND u.agency IN $agencies AND p.agency IN $agencies
WITH ph, collect(u) AS uses, collect(p) AS people,
     count(DISTINCT coalesce(p.cluster_id, p.uid)) AS subjects
WHERE subjects >= $min_people
RETURN ph, uses, people
