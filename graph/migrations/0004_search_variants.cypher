// name: search_variants
// description: the search box also finds events and meetings, and people by the earlier
//   spellings of their names that a load kept (name_variants). A fulltext index cannot be
//   altered: it is dropped and created again (and fills itself from the graph).

DROP INDEX entity_search IF EXISTS;
CREATE FULLTEXT INDEX entity_search IF NOT EXISTS
FOR (n:Person|Location|Vehicle|Phone|Gang|Incident|Agency|Event)
ON EACH [n.name, n.aliases, n.moniker, n.name_variants, n.address, n.plate, n.vin, n.number, n.incident_number, n.narrative]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-no-stop-words', `fulltext.eventually_consistent`: false}};
