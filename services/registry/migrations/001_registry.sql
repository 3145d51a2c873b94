-- Registry state, written in the same transaction as the events that explain it.
CREATE TABLE persons (
    id            uuid PRIMARY KEY,
    id_number     text NOT NULL UNIQUE,
    name          text NOT NULL,
    name_initials text[] NOT NULL DEFAULT '{}',
    sex           text NOT NULL,
    ethnicity     text NOT NULL,
    birth_date    date NOT NULL,
    phone         text,
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX persons_name ON persons (name);
CREATE INDEX persons_initials ON persons USING gin (name_initials);

CREATE TABLE residences (
    id                 uuid PRIMARY KEY,
    person_id          uuid NOT NULL REFERENCES persons (id),
    unit_id            uuid NOT NULL,
    place_path         uuid[] NOT NULL,
    arrival_date       date NOT NULL,
    departure_date     date,
    status             text NOT NULL CHECK (status IN ('active', 'departed', 'cancelled')),
    housing_type       text NOT NULL,
    reason             text NOT NULL,
    intended_stay_days integer,
    version            integer NOT NULL,
    created_at         timestamptz NOT NULL DEFAULT now()
);
-- The rule that matters most: at most one active residence per person, even under races.
CREATE UNIQUE INDEX residences_one_active ON residences (person_id) WHERE status = 'active';
CREATE INDEX residences_person ON residences (person_id);
CREATE INDEX residences_path ON residences USING gin (place_path);
CREATE INDEX residences_arrival ON residences (arrival_date);

-- The place tree as housing publishes it (liudong.housing), for paths and scope.
CREATE TABLE places (
    id        uuid PRIMARY KEY,
    kind      text NOT NULL,
    name      text NOT NULL,
    parent_id uuid,
    path_ids  uuid[] NOT NULL
);
