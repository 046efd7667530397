// name: drug_seizures_by_type
// title: Drug seizures by type
// description: Incidents and total quantity per drug type, unit and agency in a date window.
// category: narcotics
// parameters:
//   since: {type: date, default: "1900-01-01", description: on or after}
//   until: {type: date, default: "2999-12-31", description: on or before}
// returns: table
// revision: 1
MATCH (i:Incident)-[r:INVOLVED_DRUG]->(d:Drug)
WHERE i.agency IN $agencies AND r.agency IN $agencies AND d.agency IN $agencies
  AND date(i.occurred_at) >= date($since) AND date(i.occurred_at) <= date($until)
RETURN d.drug_type AS drug, d.unit AS unit, i.agency AS agency, count(DISTINCT i) AS incidents,
       round(sum(coalesce(d.quantity, 0)), 2) AS total_quantity
ORDER BY incidents DESC, drug
