// Remember which person records a resolution run has compared (incremental runs skip them).
UNWIND $uids AS uid
MATCH (p:Person {uid: uid})
SET p.er_run_id = $run_id
