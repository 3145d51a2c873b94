-- The inbound exchange's to-do list (待办事宜): each message of the province, the
-- jurisdiction it landed in (the unit's place path; empty when none was found: the
-- district's administrators hold it), its due time and its answer. Written in the same
-- transaction as the item's events.
CREATE TABLE exchange_items (
    id           uuid PRIMARY KEY,              -- the province's message id
    position     bigint NOT NULL UNIQUE,        -- in the province's outbox
    kind         text NOT NULL,
    id_number    text NOT NULL,
    name         text NOT NULL,
    elsewhere    text,
    details      text,
    unit_id      uuid,
    person_id    uuid,
    residence_id uuid,
    place_path   uuid[] NOT NULL,
    received_at  timestamptz NOT NULL,
    due_at       timestamptz NOT NULL,
    status       text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'answered')),
    answer       text,
    note         text,
    answered_at  timestamptz,
    answered_by  text
);
CREATE INDEX exchange_items_path ON exchange_items USING gin (place_path);
CREATE INDEX exchange_items_due ON exchange_items (status, due_at);

-- How far the province's outbox has been read.
CREATE TABLE inbox_cursor (
    province text PRIMARY KEY,
    position bigint NOT NULL
);
