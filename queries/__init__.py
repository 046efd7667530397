"""The saved query library: the .cypher files of this folder (see graph/queries.py)."""
