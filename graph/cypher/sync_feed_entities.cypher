// The entities of one label a source holds in the graph (a full key comparison). {label}
// comes from graph.model.
MATCH (n:{label})
WHERE n.agency = $agency AND n.source_system = $source_system
RETURN n.uid AS uid
