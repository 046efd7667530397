// The records of the pointer owners linked to the shared identifier nodes a search
// found (a phone, plate, address of every agency): counted for a pointer hit by
// graph.guarded.PointerTally, never returned to a person. {label} is filled by graph/pointers.py.
UNWIND $uids AS uid
MATCH (s:{label} {uid: uid})-[r]-(x)
WHERE r.agency IN $agencies AND x.agency = r.agency
RETURN DISTINCT labels(x)[0] AS label, properties(x) AS props, s.uid AS via
