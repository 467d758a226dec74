"""`pyrer check` at studio scale: results as data, a persistent cache, processes, shards and CI output formats."""
