// Upsert entities of one label by uid, with provenance. {label} is filled from graph.model.
UNWIND $rows AS row
MERGE (n:{label} {uid: row.uid})
SET n += row.props,
    n += coalesce(row.clear, {}),
    n.agency = $agency,
    n.source_system = $source_system,
    n.load_id = $load_id,
    n.first_seen = CASE WHEN n.first_seen IS NULL OR row.seen < n.first_seen THEN row.seen ELSE n.first_seen END,
    n.last_seen = CASE WHEN n.last_seen IS NULL OR row.seen > n.last_seen THEN row.seen ELSE n.last_seen END
RETURN count(n) AS written
