// Nodes of one label, from the count store. {label} is filled by backup/graphdump.py.
MATCH (n:{label})
RETURN count(n) AS c
