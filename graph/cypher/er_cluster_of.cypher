// The subject ids these person records carry now.
MATCH (p:Person)
WHERE p.uid IN $uids
RETURN p.uid AS uid, p.cluster_id AS cluster_id
