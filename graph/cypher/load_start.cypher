// Start a load run (or return the unfinished run of the same files to resume it).
OPTIONAL MATCH (old:Load {agency: $agency, source_system: $source_system, format: $format,
                          checksums: $checksums, status: 'running'})
WITH old ORDER BY old.started_at DESC LIMIT 1
CALL (old) {
  WITH old WHERE old IS NULL
  CREATE (l:Load {load_id: $load_id, agency: $agency, source_system: $source_system,
                  format: $format, files: $files, checksums: $checksums, options: $options,
                  loaded_by: $user, started_at: datetime(), status: 'running',
                  checkpoint: 0, records: 0, quarantined: 0,
                  nodes_created: 0, relationships_created: 0})
  RETURN l
  UNION
  WITH old WHERE old IS NOT NULL
  RETURN old AS l
}
MERGE (a:Agency {uid: $agency})
  ON CREATE SET a.code = $agency, a.name = $agency, a.agency = $agency,
                a.source_system = 'civicfusion', a.record_class = 'incident',
                a.source_record_id = $agency, a.load_id = $load_id,
                a.first_seen = date(), a.last_seen = date()
RETURN l.load_id AS load_id, l.checkpoint AS checkpoint, l.records AS records,
       l.quarantined AS quarantined, l.load_id <> $load_id AS resumed
