// name: co_offenders
// title: Co-offenders of a subject
// description: People involved in the same incidents as the subject (any role), with those
//   incidents; the subject's other agency records count as the subject.
// category: people
// parameters:
//   subject: {type: subject, description: a person record or a resolved subject (all its records)}
//   limit: {type: integer, default: 100, description: most co-offenders}
// returns: graph
// revision: 2
MATCH (s:Person)
WHERE s.uid IN $subject AND s.agency IN $agencies
MATCH (s)-[r1:INVOLVED_IN]->(i:Incident)<-[r2:INVOLVED_IN]-(p:Person)
WHERE NOT p.uid IN $subject AND i.agency IN $agencies AND p.agency IN $agencies
  AND r1.agency IN $agencies AND r2.agency IN $agencies
RETURN s, r1, i, r2, p
LIMIT $limit
