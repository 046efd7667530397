// Named person records with what entity resolution compares (one row per person).
MATCH (p:Person)
WHERE p.name IS NOT NULL AND coalesce(p.anonymous, false) = false
OPTIONAL MATCH (p)-[:RESIDES_AT]->(l:Location)
OPTIONAL MATCH (p)-[:USES]->(ph:Phone)
WITH p, collect(DISTINCT l)[0] AS home, collect(DISTINCT ph.number) AS phones
RETURN p.uid AS unique_id, p.agency AS agency, p.given_name AS first_name,
       p.family_name AS surname, p.name AS full_name, p.dob AS dob,
       coalesce(home.street, home.address) AS street, home.postcode AS postcode,
       coalesce(home.locality, home.name) AS locality, phones[0] AS phone, phones,
       p.email AS email,
       p.ssn_hash AS ssn_hash, p.ssn_near AS ssn_near, p.state_id AS state_id, p.dl_number AS dl_number,
       p.fbi_number AS fbi_number, p.er_run_id IS NULL AS is_new
