// Shared identifier nodes (graph/identifiers.py) that a relationship of the reader's
// agencies reaches: the guarded read path keeps a row holding one only then. {label} is
// filled by graph/guarded.py.
UNWIND $uids AS uid
MATCH (n:{label} {uid: uid})
WHERE EXISTS { (n)-[r]-() WHERE r.agency IN $agencies }
RETURN n.uid AS uid
