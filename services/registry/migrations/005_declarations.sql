-- Residents' own declarations (个人居住信息申报), waiting for a clerk of the unit's compound.
CREATE TABLE declarations (
    id           uuid PRIMARY KEY,
    submitted_by uuid NOT NULL,
    unit_id      uuid NOT NULL,
    place_path   uuid[] NOT NULL,
    body         jsonb NOT NULL,
    status       text NOT NULL CHECK (status IN ('pending', 'confirmed', 'rejected')),
    reason       text,
    residence_id uuid,
    submitted_at timestamptz NOT NULL DEFAULT now(),
    decided_by   text,
    decided_at   timestamptz
);
CREATE INDEX declarations_submitter ON declarations (submitted_by, submitted_at DESC);
CREATE INDEX declarations_path ON declarations USING gin (place_path);
