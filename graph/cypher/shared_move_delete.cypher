// Agency identifier nodes left without relationships once moved (graph/shared_move.py).
UNWIND $rows AS row
MATCH (old:{label} {uid: row.old})
WHERE NOT EXISTS { (old)--() }
DELETE old
