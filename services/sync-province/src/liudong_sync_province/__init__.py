"""The exchange with the provincial registry: every event delivered to the province, and
its side for tests and as a reference (the receiver)."""
