// Start a sync pass of one source: a Load whose watermarks start where the last pass of the
// source committed (a pass killed mid-way resumes from its last committed batch). Earlier
// passes still marked running are marked interrupted.
OPTIONAL MATCH (prev:Load {source: $source})
WHERE prev.watermarks IS NOT NULL
WITH prev ORDER BY prev.started_at DESC LIMIT 1
WITH coalesce(prev.watermarks, '{}') AS watermarks
OPTIONAL MATCH (stale:Load {source: $source, status: 'running'})
SET stale.status = 'interrupted', stale.finished_at = datetime()
WITH DISTINCT watermarks
CREATE (l:Load {load_id: $load_id, agency: $agency, source_system: $source_system,
                format: 'sql', source: $source, files: $feeds, checksums: [],
                options: [], loaded_by: $user, started_at: datetime(), status: 'running',
                checkpoint: 0, records: 0, quarantined: 0, removed: 0,
                nodes_created: 0, relationships_created: 0, watermarks: watermarks})
MERGE (a:Agency {uid: $agency})
  ON CREATE SET a.code = $agency, a.name = $agency, a.agency = $agency,
                a.source_system = 'civicfusion', a.record_class = 'incident',
                a.source_record_id = $agency, a.load_id = $load_id,
                a.first_seen = date(), a.last_seen = date()
RETURN l.load_id AS load_id, watermarks
