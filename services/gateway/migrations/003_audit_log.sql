-- Every service's audit entries (topic liudong.audit), for administrators and stations to
-- search and export. Append-only: the service's role may only read and insert.
CREATE TABLE audit_log (
    event_id    uuid PRIMARY KEY,
    type        text NOT NULL,
    source      text NOT NULL,
    actor_id    uuid,
    actor_name  text NOT NULL,
    role        text,
    actor_scope uuid[] NOT NULL DEFAULT '{}',
    at          timestamptz NOT NULL,
    address     text,
    purpose     text,
    records     text[] NOT NULL DEFAULT '{}',
    detail      jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_at ON audit_log (at DESC);
CREATE INDEX audit_log_actor ON audit_log (actor_id, at DESC);
CREATE INDEX audit_log_records ON audit_log USING gin (records);
CREATE INDEX audit_log_scope ON audit_log USING gin (actor_scope);
CREATE OR REPLACE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE OR REPLACE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
