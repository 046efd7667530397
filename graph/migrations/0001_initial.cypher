// name: initial
// description: uid constraints for every entity label, lookup indexes, the search index,
//   the location point index, provenance indexes.
// Each statement ends with ';'. Statements are idempotent (IF NOT EXISTS).

// --- one node per uid (agency:system:kind:local_id), per label ----------------------
CREATE CONSTRAINT person_uid IF NOT EXISTS FOR (n:Person) REQUIRE n.uid IS UNIQUE;
CREATE CONSTRAINT location_uid IF NOT EXISTS FOR (n:Location) REQUIRE n.uid IS UNIQUE;
CREATE CONSTRAINT vehicle_uid IF NOT EXISTS FOR (n:Vehicle) REQUIRE n.uid IS UNIQUE;
CREATE CONSTRAINT phone_uid IF NOT EXISTS FOR (n:Phone) REQUIRE n.uid IS UNIQUE;
CREATE CONSTRAINT gang_uid IF NOT EXISTS FOR (n:Gang) REQUIRE n.uid IS UNIQUE;
CREATE CONSTRAINT incident_uid IF NOT EXISTS FOR (n:Incident) REQUIRE n.uid IS UNIQUE;
CREATE CONSTRAINT offense_uid IF NOT EXISTS FOR (n:Offense) REQUIRE n.uid IS UNIQUE;
CREATE CONSTRAINT drug_uid IF NOT EXISTS FOR (n:Drug) REQUIRE n.uid IS UNIQUE;
CREATE CONSTRAINT arrest_uid IF NOT EXISTS FOR (n:Arrest) REQUIRE n.uid IS UNIQUE;
CREATE CONSTRAINT weapon_uid IF NOT EXISTS FOR (n:Weapon) REQUIRE n.uid IS UNIQUE;
CREATE CONSTRAINT agency_uid IF NOT EXISTS FOR (n:Agency) REQUIRE n.uid IS UNIQUE;
CREATE CONSTRAINT schema_migration_version IF NOT EXISTS FOR (n:SchemaMigration) REQUIRE n.version IS UNIQUE;

// --- lookup (range) indexes --------------------------------------------------------------
CREATE INDEX person_name IF NOT EXISTS FOR (n:Person) ON (n.name);
CREATE INDEX person_family_name IF NOT EXISTS FOR (n:Person) ON (n.family_name);
CREATE INDEX person_dob IF NOT EXISTS FOR (n:Person) ON (n.dob);
CREATE INDEX person_cluster_id IF NOT EXISTS FOR (n:Person) ON (n.cluster_id);
CREATE INDEX location_address IF NOT EXISTS FOR (n:Location) ON (n.address);
CREATE INDEX vehicle_plate IF NOT EXISTS FOR (n:Vehicle) ON (n.plate);
CREATE INDEX vehicle_vin IF NOT EXISTS FOR (n:Vehicle) ON (n.vin);
CREATE INDEX phone_number IF NOT EXISTS FOR (n:Phone) ON (n.number);
CREATE INDEX gang_name IF NOT EXISTS FOR (n:Gang) ON (n.name);
CREATE INDEX incident_incident_number IF NOT EXISTS FOR (n:Incident) ON (n.incident_number);
CREATE INDEX incident_occurred_at IF NOT EXISTS FOR (n:Incident) ON (n.occurred_at);
CREATE INDEX offense_offense_code IF NOT EXISTS FOR (n:Offense) ON (n.offense_code);
CREATE INDEX drug_drug_type IF NOT EXISTS FOR (n:Drug) ON (n.drug_type);
CREATE INDEX arrest_arrest_date IF NOT EXISTS FOR (n:Arrest) ON (n.arrest_date);
CREATE INDEX weapon_weapon_type IF NOT EXISTS FOR (n:Weapon) ON (n.weapon_type);
CREATE INDEX agency_code IF NOT EXISTS FOR (n:Agency) ON (n.code);

// --- provenance: find a load's records (resume, roll back) and 28 CFR 23 reviews ------
CREATE INDEX person_load_id IF NOT EXISTS FOR (n:Person) ON (n.load_id);
CREATE INDEX incident_load_id IF NOT EXISTS FOR (n:Incident) ON (n.load_id);
CREATE INDEX person_review_due IF NOT EXISTS FOR (n:Person) ON (n.review_due);
CREATE INDEX gang_review_due IF NOT EXISTS FOR (n:Gang) ON (n.review_due);
CREATE INDEX member_of_review_due IF NOT EXISTS FOR ()-[r:MEMBER_OF]-() ON (r.review_due);
CREATE INDEX knows_review_due IF NOT EXISTS FOR ()-[r:KNOWS]-() ON (r.review_due);

// --- where: point index for map and radius queries --------------------------------------
CREATE POINT INDEX location_point IF NOT EXISTS FOR (n:Location) ON (n.point);

// --- the search box: one fulltext index over names, aliases, addresses, plates, phones,
//     gang names and incident narratives --------------------------------------------------
CREATE FULLTEXT INDEX entity_search IF NOT EXISTS
FOR (n:Person|Location|Vehicle|Phone|Gang|Incident|Agency)
ON EACH [n.name, n.aliases, n.moniker, n.address, n.plate, n.vin, n.number, n.incident_number, n.narrative]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-no-stop-words', `fulltext.eventually_consistent`: false}};
