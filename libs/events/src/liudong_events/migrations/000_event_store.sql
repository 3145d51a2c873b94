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

-- How far each relay has published this database's events. `topic_ids` are the broker's
-- ids of the topics published to: a different id means a topic was recreated (the broker
-- lost it), and everything is published again.
CREATE TABLE IF NOT EXISTS relay_checkpoint (
    relay     text PRIMARY KEY,
    position  bigint NOT NULL DEFAULT 0,
    topic_ids jsonb
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

-- Events are never changed or removed, whoever asks: the service's own role is not even
-- granted UPDATE or DELETE (see migrate.py), and these triggers refuse the owner too.
CREATE OR REPLACE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE OR REPLACE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE OR REPLACE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
