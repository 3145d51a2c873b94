"""The connector's routes, through the gateway."""
