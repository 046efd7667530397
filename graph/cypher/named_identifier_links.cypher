// Link people of an older graph to the shared identifiers their records name, with the
// person record's provenance (as a fresh load writes them: graph/writer.py). {label} and
// {type} are filled by graph/shared_move.py.
UNWIND $rows AS row
MATCH (a:Person {uid: row.s})
MATCH (b:{label} {uid: row.e})
MERGE (a)-[r:{type} {uid: row.uid}]->(b)
SET r += row.props
RETURN count(r) AS written
