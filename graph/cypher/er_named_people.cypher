// uids of the named person records that entity resolution groups into subjects.
MATCH (p:Person)
WHERE p.name IS NOT NULL AND coalesce(p.anonymous, false) = false
RETURN p.uid AS uid
