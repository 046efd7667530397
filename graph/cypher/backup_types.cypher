// Every relationship type in the graph (for the per-type counts of a backup's manifest).
CALL db.relationshipTypes() YIELD relationshipType
RETURN relationshipType AS type
