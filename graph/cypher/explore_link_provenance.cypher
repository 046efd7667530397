// Provenance of charted relationships (by element id), those the caller is cleared for; a
// same-person link also returns its resolution run, score, status and reviewer (it cites
// the resolution that made it, not one agency's record: graph.explore.provenance).
UNWIND $ids AS id
MATCH (s)-[r]->(e)
WHERE elementId(r) = id AND r.agency IN $agencies
  AND (s.agency IN $agencies OR s.shared) AND (e.agency IN $agencies OR e.shared)
RETURN id, r.agency AS agency, r.source_system AS source_system, r.source_record_id AS source_record_id,
       r.load_id AS load_id, type(r) AS kind, r.run_id AS run_id, r.score AS score,
       r.status AS status, r.reviewer AS reviewer, toString(r.decided_at) AS decided_at,
       s.agency AS from_agency, e.agency AS to_agency
