"""Built-in example configuration and watchlist (used when no config file is given)."""
