"""Live sources: agency records-management databases read through SQLAlchemy and kept in
step with the graph by incremental sync passes (docs/sources.md)."""
