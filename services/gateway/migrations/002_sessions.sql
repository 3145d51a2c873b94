-- Sessions behind access tokens: logout, refresh and disabling a user end them.
CREATE TABLE sessions (
    id           uuid PRIMARY KEY,
    user_id      uuid NOT NULL REFERENCES users (id),
    refresh_hash text NOT NULL,
    address      text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL,
    revoked_at   timestamptz
);
CREATE INDEX sessions_user ON sessions (user_id);

-- Failed logins per user name and per address, for back-off and the temporary lock.
CREATE TABLE login_failures (
    key          text PRIMARY KEY,       -- 'user:<name>' or 'addr:<ip>'
    failures     integer NOT NULL,
    last_failure timestamptz NOT NULL
);
