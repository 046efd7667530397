// The shared nodes replacing agency identifier nodes (graph/shared_move.py).
UNWIND $rows AS row
MERGE (s:{label} {uid: row.new})
SET s += row.props
