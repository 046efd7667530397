// name: phone_contacts
// title: A subject's phone contacts
// description: People who share a phone with the subject, and the subject's CALLED contacts.
// category: phones
// parameters:
//   subject: {type: subject, description: a person record or a resolved subject (all its records)}
// returns: graph
// revision: 3
MATCH (s:Person)
WHERE s.uid IN $subject AND s.agency IN $agencies
CALL (s) {
  MATCH path = (s)-[:USES]->(:Phone)<-[:USES]-(:Person)
  RETURN path
  UNION
  MATCH path = (s)-[:CALLED]-(:Person)
  RETURN path
}
WITH path
WHERE NOT last(nodes(path)).uid IN $subject
  AND all(x IN nodes(path) WHERE (x.agency IN $agencies OR x.shared))
  AND all(r IN relationships(path) WHERE r.agency IN $agencies)
RETURN path
