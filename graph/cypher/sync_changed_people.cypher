// People a sync pass wrote: compared again by the next incremental resolution (their
// automatic same-person links are scored anew; an investigator's decisions stay).
MATCH (p:Person {load_id: $load_id})
OPTIONAL MATCH (p)-[s:SAME_AS {status: 'auto'}]-()
DELETE s
WITH DISTINCT p
REMOVE p.er_run_id
RETURN count(p) AS people
