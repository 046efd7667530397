"""FBI NIBRS: flat file and XML readers sharing one incident model (loaders.nibrs.model)."""
