// Relationships of one type, from the count store. {type} is filled by backup/graphdump.py.
MATCH ()-[r:{type}]->()
RETURN count(r) AS c
