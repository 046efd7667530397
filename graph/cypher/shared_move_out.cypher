// Relationships out of an agency identifier node, created again from its shared node with
// what the agency's node said (graph/shared_move.py). {label}, {type}, {other} filled there.
UNWIND $rows AS row
MATCH (old:{label} {uid: row.old})-[r:{type}]->(x:{other})
MATCH (s:{label} {uid: row.new})
CREATE (s)-[n:{type}]->(x)
SET n = row.said, n += properties(r)
DELETE r
