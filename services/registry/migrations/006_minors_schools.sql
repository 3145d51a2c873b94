-- Schools that accompanying minors attend, and the minors themselves (随行未成年家庭成员),
-- each linked to the residence of the guardian they came with.
CREATE TABLE schools (
    id         uuid PRIMARY KEY,
    name       text NOT NULL,
    initials   text[] NOT NULL DEFAULT '{}',
    address    text,
    place_id   uuid NOT NULL,
    place_path uuid[] NOT NULL,
    version    integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX schools_path ON schools USING gin (place_path);

CREATE TABLE minors (
    id           uuid PRIMARY KEY,
    residence_id uuid NOT NULL REFERENCES residences (id),
    guardian_id  uuid NOT NULL REFERENCES persons (id),
    name         text NOT NULL,
    sex          text NOT NULL,
    birth_date   date NOT NULL,
    id_number    text,
    relationship text,
    school_id    uuid REFERENCES schools (id)
);
CREATE INDEX minors_residence ON minors (residence_id);
CREATE INDEX minors_school ON minors (school_id);
