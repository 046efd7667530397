// Entities of one label by uid, only those the caller is cleared for.
UNWIND $uids AS uid
MATCH (n:{label} {uid: uid})
WHERE (n.agency IN $agencies OR (n.shared AND EXISTS { (n)-[x_]-() WHERE x_.agency IN $agencies }))
RETURN labels(n)[0] AS label, properties(n) AS props
