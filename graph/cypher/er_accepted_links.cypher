// Links that join records into one subject.
MATCH (a:Person)-[s:SAME_AS]->(b:Person)
WHERE s.status IN ['auto', 'confirmed']
RETURN a.uid AS a, b.uid AS b
