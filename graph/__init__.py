"""CivicFusion graph layer: settings, the Neo4j runtime, the driver wrapper and the schema."""
