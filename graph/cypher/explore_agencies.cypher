// Agencies that have loaded data (for "cleared for all agencies" and the agency filters).
MATCH (l:Load)
WHERE l.agency IS NOT NULL
RETURN DISTINCT l.agency AS agency
ORDER BY agency
