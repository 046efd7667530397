// name: shared_identifiers
// title: Identifiers several people share
// description: Phones, vehicles, addresses, e-mail addresses, identity documents and weapons
//   linked to at least the given number of different people, across every agency you are
//   cleared for (one identifier is one node whichever agency recorded it, and the same
//   person in two agencies' records counts once). The leads found in more agencies first.
// category: identifiers
// parameters:
//   min_people: {type: integer, default: 2, description: at least this many people}
//   min_agencies: {type: integer, default: 1, description: recorded by at least this many of your agencies}
// returns: graph
// revision: 1
MATCH (id:Phone|Vehicle|Location|Email|Document|Weapon)<-[u]-(p:Person)
WHERE id.shared AND u.agency IN $agencies AND p.agency IN $agencies
WITH id, collect(u) AS links, collect(p) AS people,
     count(DISTINCT coalesce(p.cluster_id, p.uid)) AS subjects,
     count(DISTINCT u.agency) AS agencies
WHERE subjects >= $min_people AND agencies >= $min_agencies
RETURN id, links, people
ORDER BY agencies DESC, subjects DESC
