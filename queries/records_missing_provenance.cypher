// name: records_missing_provenance
// title: Records missing provenance
// description: Entities without a source system or source record id (they cannot be cited).
// category: data quality
// parameters:
//   limit: {type: integer, default: 200, description: how many}
// returns: table
// revision: 3
MATCH (n:Person|Location|Vehicle|Phone|Email|Document|Gang|Incident|Offense|Drug|Arrest|Weapon)  // the case-data labels: never a scan of all nodes
WHERE n.uid IS NOT NULL AND n.agency IN $agencies
  AND (n.source_system IS NULL OR n.source_record_id IS NULL)
RETURN labels(n)[0] AS type, n.uid AS uid, n.agency AS agency, n.load_id AS load
ORDER BY type, uid
LIMIT $limit
