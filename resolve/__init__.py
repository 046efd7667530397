"""Cross-agency entity resolution: Splink (DuckDB) scores person pairs; SAME_AS links record
scores, explanations and human decisions; cluster_id groups the records of one subject."""
