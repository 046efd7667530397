// name: drug_seizures_by_type
// title: Drug seizures by type
// description: Incidents and total quantity per drug type, unit and agency in a date window.
// category: narcotics
// parameters:
//   since: {type: date, optional: true, description: on or after (empty - any)}
//   until: {type: date, optional: true, description: on or before (empty - any)}
// returns: table
// revision: 2
MATCH (i:Incident)-[r:INVOLVED_DRUG]->(d:Drug)
WHERE i.agency IN $agencies AND r.agency IN $agencies AND d.agency IN $agencies
  AND ($since IS NULL OR date(i.occurred_at) >= date($since))
  AND ($until IS NULL OR date(i.occurred_at) <= date($until))
RETURN d.drug_type AS drug, d.unit AS unit, i.agency AS agency, count(DISTINCT i) AS incidents,
       round(sum(coalesce(d.quantity, 0)), 2) AS total_quantity
ORDER BY incidents DESC, drug
