// The latest sync passes of each source (civicfusion sync status), newest first.
MATCH (l:Load)
WHERE l.source IS NOT NULL AND ($source IS NULL OR l.source = $source)
WITH l ORDER BY l.started_at DESC
WITH l.source AS source, collect(l)[..$last] AS passes
UNWIND passes AS l
RETURN source, l.load_id AS load_id, l.status AS status, l.started_at AS started_at,
       l.finished_at AS finished_at, l.records AS records, l.removed AS removed,
       l.quarantined AS quarantined, l.watermarks AS watermarks, l.error AS error
ORDER BY source, started_at DESC
