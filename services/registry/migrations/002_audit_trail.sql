-- Who opened which person's record: shown on the person's page. Append-only, like `events`
-- (the service's role may only read and insert; the triggers refuse everyone else).
CREATE TABLE audit_trail (
    id         bigserial PRIMARY KEY,
    person_id  uuid NOT NULL,
    action     text NOT NULL,
    actor_id   uuid,
    actor_name text NOT NULL,
    role       text,
    address    text,
    purpose    text,
    at         timestamptz NOT NULL
);
CREATE INDEX audit_trail_person ON audit_trail (person_id, at DESC);
CREATE OR REPLACE TRIGGER audit_trail_append_only BEFORE UPDATE OR DELETE ON audit_trail
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE OR REPLACE TRIGGER audit_trail_no_truncate BEFORE TRUNCATE ON audit_trail
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
