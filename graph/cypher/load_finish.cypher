MATCH (l:Load {load_id: $load_id})
SET l.status = $status, l.finished_at = datetime(), l.error = $error
RETURN l {.*} AS load
