// name: shared_addresses
// title: Hidden associates at shared addresses
// description: People who live at an address the subject lives at.
// category: places
// parameters:
//   subject: {type: string, description: uid of a person record}
// returns: graph
// revision: 2
MATCH (s:Person {uid: $subject})-[r1:RESIDES_AT]->(l:Location)<-[r2:RESIDES_AT]-(p:Person)
WHERE p <> s AND all(x IN [s, p] WHERE x.agency IN $agencies) AND (l.agency IN $agencies OR l.shared)
  AND r1.agency IN $agencies AND r2.agency IN $agencies
RETURN s, r1, l, r2, p
