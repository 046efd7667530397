// Every agency code that has loaded records (for `civicfusion agencies list`): records
// loaded and the last load, from the Load nodes (no scan of the case data).
MATCH (l:Load)
WHERE l.agency IS NOT NULL
RETURN l.agency AS agency, sum(coalesce(l.records, 0)) AS records, max(l.started_at) AS last
ORDER BY agency
