// Provenance of charted relationships (by element id), those the caller is cleared for.
UNWIND $ids AS id
MATCH (s)-[r]->(e)
WHERE elementId(r) = id AND r.agency IN $agencies
  AND (s.agency IN $agencies OR s.shared) AND (e.agency IN $agencies OR e.shared)
RETURN id, r.agency AS agency, r.source_system AS source_system, r.source_record_id AS source_record_id,
       r.load_id AS load_id
