"""Start and stop the local PostgreSQL server and Kafka-compatible broker.

Used by `make run` (data under var/) and by test fixtures (throw-away data, free ports).
Every process is started here and stopped by its own pid, never by name.
"""
