"""Errors of the local Neo4j runtime. Each message says what to do next."""


class RuntimeProblem(RuntimeError):
    """The local Neo4j server could not be fetched, configured, started or stopped."""
