// Element ids of the entities removed records wrote (checked for orphans). {label} from
// graph.model.
UNWIND $uids AS u
MATCH (n:{label} {uid: u})
RETURN collect(elementId(n)) AS ids
