// People of an older graph whose record names an e-mail address or identity number in its
// own properties but has no link to the shared identifier yet (graph/shared_move.py).
MATCH (p:Person)
WHERE p.agency IS NOT NULL AND coalesce(p.record_class, 'incident') = 'incident'
  AND (p.email IS NOT NULL OR p.dl_number IS NOT NULL OR p.state_id IS NOT NULL
       OR p.fbi_number IS NOT NULL OR p.ssn_hash IS NOT NULL)
  AND NOT EXISTS { (p)-[:USES|HOLDS]->(:Email|Document) }
RETURN p.uid AS uid, properties(p) AS props
