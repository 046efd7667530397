// How many pairs wait for a decision in the reviewer's scope (the queue shows the first ones).
MATCH (a:Person)-[s:SAME_AS {status: 'review'}]->(b:Person)
WHERE a.agency IN $agencies AND b.agency IN $agencies
RETURN count(s) AS waiting
