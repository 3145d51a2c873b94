-- An import run (dry run or landing) that a client follows while it works: its stage, how
-- many rows are done, and at the end the report. A run whose process stopped stops
-- moving: `updated_at` tells a client it was interrupted.
CREATE TABLE import_jobs (
    id           uuid PRIMARY KEY,
    created_by   uuid NOT NULL,
    creator_path uuid[] NOT NULL,
    filename     text,
    dry_run      boolean NOT NULL,
    stage        text NOT NULL CHECK (stage IN ('reading', 'checking', 'landing', 'done', 'failed')),
    rows_total   integer,
    rows_done    integer NOT NULL DEFAULT 0,
    report       jsonb,
    error        text,
    started_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);
