// name: subject_timeline
// title: Timeline of a subject
// description: Incidents and arrests of a person, across all the subject's agency records
//   (same resolved subject), oldest first.
// category: people
// parameters:
//   subject: {type: subject, description: a person record or a resolved subject (all its records)}
// returns: table
// revision: 3
MATCH (rec:Person)  // the records of the subject ($subject: their uids, graph/questions.py)
WHERE rec.uid IN $subject AND rec.agency IN $agencies
CALL (rec) {
  MATCH (rec)-[r:INVOLVED_IN]->(i:Incident)
  WHERE r.agency IN $agencies AND i.agency IN $agencies
  RETURN date(i.occurred_at) AS on, 'incident' AS event, i.incident_number AS reference,
         coalesce(i.offense, i.offense_code) AS what, r.role AS role, i.agency AS agency
  UNION
  MATCH (rec)-[r:ARRESTED]->(a:Arrest)
  WHERE r.agency IN $agencies AND a.agency IN $agencies
  RETURN a.arrest_date AS on, 'arrest' AS event, a.arrest_transaction AS reference,
         a.arrest_type AS what, 'arrestee' AS role, a.agency AS agency
}
RETURN on, event, reference, what, role, agency, rec.name AS recorded_as
ORDER BY on, event
