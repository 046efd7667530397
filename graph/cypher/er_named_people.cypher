// The named person records that entity resolution groups into subjects, with the subject id
// each carries now (kept when its subject is unchanged).
MATCH (p:Person)
WHERE p.name IS NOT NULL AND coalesce(p.anonymous, false) = false
RETURN p.uid AS uid, p.cluster_id AS cluster_id
