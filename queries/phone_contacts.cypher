// name: phone_contacts
// title: A subject's phone contacts
// description: People who share a phone with the subject, and the subject's CALLED contacts.
// category: phones
// parameters:
//   subject: {type: string, description: uid of a person record}
// returns: graph
// revision: 2
MATCH (s:Person {uid: $subject})
WHERE s.agency IN $agencies
CALL (s) {
  MATCH path = (s)-[:USES]->(:Phone)<-[:USES]-(:Person)
  RETURN path
  UNION
  MATCH path = (s)-[:CALLED]-(:Person)
  RETURN path
}
WITH path
WHERE all(x IN nodes(path) WHERE (x.agency IN $agencies OR x.shared))
  AND all(r IN relationships(path) WHERE r.agency IN $agencies)
RETURN path
