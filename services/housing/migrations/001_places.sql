CREATE TABLE places (
    id        uuid PRIMARY KEY,
    kind      text NOT NULL,
    name      text NOT NULL,
    parent_id uuid REFERENCES places (id),
    code      text,
    path      jsonb NOT NULL,          -- [{id, kind, name}] from the root down to the place
    path_ids  uuid[] NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX places_parent ON places (parent_id);
CREATE INDEX places_path_ids ON places USING gin (path_ids);
