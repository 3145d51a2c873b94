-- Sessions the gateway ended (from `liudong.accounts`): every service refuses their tokens
-- itself, not only the gateway. `seq` lets each process read only what is new.
CREATE TABLE IF NOT EXISTS ended_sessions (
    seq        bigserial   UNIQUE,
    session_id uuid        PRIMARY KEY,
    ended_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS ended_sessions_ended_at ON ended_sessions (ended_at);
