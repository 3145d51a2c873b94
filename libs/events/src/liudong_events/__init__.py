"""The event platform every liudong service stands on.

Envelope (CloudEvents 1.0, Kafka binary mode), the catalogue of published event types and
their JSON Schemas, the PostgreSQL event store, the outbox relay, the consumer loop with
idempotent checkpoints, and the shared settings, logging, metrics and token checks.
"""
