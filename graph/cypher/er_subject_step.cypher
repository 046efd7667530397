// One step outward through accepted links: the person records joined to these by an `auto`
// or `confirmed` SAME_AS, with the subject id each carries now.
MATCH (p:Person)-[s:SAME_AS]-(q:Person)
WHERE p.uid IN $uids AND s.status IN ['auto', 'confirmed']
RETURN DISTINCT q.uid AS uid, q.cluster_id AS cluster_id
