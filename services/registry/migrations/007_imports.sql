-- Batch imports (信息批量导入): a batch is its file (same bytes, same batch id), so a
-- re-import lands nothing twice; each landed row remembers its residence for withdrawal.
CREATE TABLE imports (
    batch_id     uuid PRIMARY KEY,
    created_by   uuid NOT NULL,
    creator_path uuid[] NOT NULL,
    filename     text,
    rows_total   integer NOT NULL,
    rejected     jsonb NOT NULL DEFAULT '[]',
    withdrawn_at timestamptz,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE import_rows (
    batch_id     uuid NOT NULL REFERENCES imports (batch_id),
    row_no       integer NOT NULL,
    residence_id uuid NOT NULL,
    PRIMARY KEY (batch_id, row_no)
);
