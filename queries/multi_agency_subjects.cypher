// name: multi_agency_subjects
// title: Subjects recorded by two or more agencies
// description: Resolved subjects (accepted SAME_AS links) whose records come from at least
//   the given number of agencies.
// category: people
// parameters:
//   min_agencies: {type: integer, default: 2, description: at least this many agencies}
// returns: table
// revision: 1
MATCH (p:Person)
WHERE p.agency IN $agencies AND p.cluster_id IS NOT NULL
WITH p.cluster_id AS subject, collect(p) AS records
WITH subject, records, [a IN collect { UNWIND records AS r RETURN DISTINCT r.agency } | a] AS agencies
WHERE size(agencies) >= $min_agencies
RETURN subject, [r IN records | r.name][0] AS name, agencies, size(records) AS records,
       [r IN records | r.uid] AS uids
ORDER BY size(agencies) DESC, records DESC, name
