// name: shared_addresses
// title: Hidden associates at shared addresses
// description: People who live at an address the subject lives at.
// category: places
// parameters:
//   subject: {type: subject, description: a person record or a resolved subject (all its records)}
// returns: graph
// revision: 3
MATCH (s:Person)-[r1:RESIDES_AT]->(l:Location)<-[r2:RESIDES_AT]-(p:Person)
WHERE s.uid IN $subject AND NOT p.uid IN $subject AND all(x IN [s, p] WHERE x.agency IN $agencies) AND (l.agency IN $agencies OR l.shared)
  AND r1.agency IN $agencies AND r2.agency IN $agencies
RETURN s, r1, l, r2, p
