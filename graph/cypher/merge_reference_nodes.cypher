// Entities a record only points at (an involvement's person and incident, which their own
// feed writes): created bare with the pointing record's provenance when missing, else left
// as they are. {label} is filled from graph.model.
UNWIND $rows AS row
MERGE (n:{label} {uid: row.uid})
  ON CREATE SET n += row.props,
                n.agency = $agency,
                n.source_system = $source_system,
                n.load_id = $load_id,
                n.first_seen = row.seen,
                n.last_seen = row.seen
RETURN count(n) AS written
