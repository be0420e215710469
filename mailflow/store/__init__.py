"""Storage edge: database engine, models, raw store."""
