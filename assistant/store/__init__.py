"""The only place that knows Chroma and the layout of its records: typed records, the schema version, write locking and write errors."""
