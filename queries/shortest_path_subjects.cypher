// name: shortest_path_subjects
// title: Shortest paths between two subjects
// description: All shortest paths (up to 6 hops) between two people through records you are
//   cleared for; agency nodes and doubtful matches are not bridges.
// category: people
// parameters:
//   from_subject: {type: string, description: uid of the first person}
//   to_subject: {type: string, description: uid of the second person}
// returns: graph
// revision: 1
MATCH (a:Person {uid: $from_subject}), (b:Person {uid: $to_subject})
WHERE a.agency IN $agencies AND b.agency IN $agencies
MATCH p = allShortestPaths((a)-[*..6]-(b))
WHERE all(x IN nodes(p) WHERE x.agency IN $agencies AND NOT x:Agency)
  AND all(r IN relationships(p) WHERE r.agency IN $agencies
          AND NOT coalesce(r.status, '') IN ['rejected', 'unlinked', 'review'])
RETURN p
LIMIT 10
