// name: subject_timeline
// title: Timeline of a subject
// description: Incidents and arrests of a person, across all the subject's agency records
//   (same resolved subject), oldest first.
// category: people
// parameters:
//   subject: {type: string, description: uid of a person record}
// returns: table
// revision: 2
MATCH (s:Person {uid: $subject})
WHERE s.agency IN $agencies
CALL (s) {  // the subject's records: itself and its cluster, each found through an index
  MATCH (rec:Person {cluster_id: s.cluster_id})
  WHERE rec.agency IN $agencies
  RETURN rec
  UNION
  RETURN s AS rec
}
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
