"""yuqing's backbone: schema, config, bus and store adapters, the worker and the `yuqing` CLI."""
