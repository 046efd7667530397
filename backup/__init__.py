"""Backups that restore: the graph, the app database and the audit chain, encrypted."""
