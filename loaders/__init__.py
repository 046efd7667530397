"""Loaders: one module per source format, all feeding one common record model."""
