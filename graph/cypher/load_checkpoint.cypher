// Record progress of a load in the same transaction as the batch it follows (a sync pass:
// also where each feed got to, its watermarks, and how many records it removed).
MATCH (l:Load {load_id: $load_id})
SET l.checkpoint = $checkpoint,
    l.records = $records,
    l.quarantined = $quarantined,
    l.nodes_created = coalesce(l.nodes_created, 0) + $nodes_created,
    l.relationships_created = coalesce(l.relationships_created, 0) + $relationships_created,
    l.watermarks = coalesce($watermarks, l.watermarks),
    l.removed = coalesce($removed, l.removed),
    l.updated_at = datetime()
