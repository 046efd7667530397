// Relationships into an agency identifier node, created again into its shared node with
// what the agency's node said (graph/shared_move.py). {label}, {type}, {other} filled there.
UNWIND $rows AS row
MATCH (x:{other})-[r:{type}]->(old:{label} {uid: row.old})
MATCH (s:{label} {uid: row.new})
CREATE (x)-[n:{type}]->(s)
SET n = row.said, n += properties(r)
DELETE r
