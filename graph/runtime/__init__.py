"""The local Neo4j 5.26 Community server: jars from Maven Central, run as a child JVM."""

from graph.runtime.errors import RuntimeProblem
from graph.runtime.server import Neo4jRuntime, StartResult

__all__ = ["Neo4jRuntime", "RuntimeProblem", "StartResult"]
