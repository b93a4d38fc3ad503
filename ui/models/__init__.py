"""Table models over rows returned by the services."""
