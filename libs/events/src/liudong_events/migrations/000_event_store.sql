-- The event store and its outbox: every service database has these tables.
CREATE TABLE IF NOT EXISTS events (
    position       bigserial PRIMARY KEY,
    stream_id      text        NOT NULL,
    version        integer     NOT NULL CHECK (version > 0),
    event_id       uuid        NOT NULL UNIQUE,
    type           text        NOT NULL,
    schema_version integer     NOT NULL DEFAULT 1,
    partition_key  text        NOT NULL,
    data           jsonb       NOT NULL,
    recorded_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (stream_id, version)
);

-- How far the relay has published this database's events (one row per topic).
-- `topic_id` is the broker's id of the topic published to: a different id means the topic
-- was recreated (the broker lost it), and everything is published again.
CREATE TABLE IF NOT EXISTS relay_checkpoint (
    topic    text PRIMARY KEY,
    position bigint NOT NULL DEFAULT 0,
    topic_id text
);

-- What each consumer has applied, per stream: a redelivered event is recognised here.
CREATE TABLE IF NOT EXISTS consumer_checkpoints (
    consumer  text    NOT NULL,
    stream_id text    NOT NULL,
    version   integer NOT NULL,
    PRIMARY KEY (consumer, stream_id)
);

-- Bumped by a rebuild: the consumer then reads its topics again from the first offset.
CREATE TABLE IF NOT EXISTS consumer_generation (
    consumer   text PRIMARY KEY,
    generation integer NOT NULL DEFAULT 0
);
