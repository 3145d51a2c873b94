-- The housing register: houses, rental filings, compounds' five-in-one record, coordinators,
-- employers and their staff, inspections and hazard notices. Scope is the unit's place:
-- rows join `places` for its path rather than copy it, so a moved place moves them too.
ALTER TABLE places
    ADD COLUMN retired_reason text,         -- retired: kept for history, takes nothing new
    ADD COLUMN address jsonb;               -- a unit's standard address (StandardAddress)

CREATE TABLE houses (
    id             uuid PRIMARY KEY,
    unit_id        uuid NOT NULL UNIQUE REFERENCES places (id),
    archive_no     text NOT NULL UNIQUE,
    use            text NOT NULL,
    capacity       integer,
    floor_area     numeric(10, 2),
    owner          jsonb NOT NULL,
    owner_name     text NOT NULL,
    agent          jsonb,
    cancelled_reason text,                  -- not null: cancelled (拆迁)
    coordinator_id uuid,
    registered_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX houses_owner_name ON houses (owner_name text_pattern_ops);
CREATE INDEX houses_coordinator ON houses (coordinator_id);

CREATE TABLE rentals (
    id           uuid PRIMARY KEY,
    house_id     uuid NOT NULL REFERENCES houses (id),
    tenants      jsonb NOT NULL,
    start_date   date NOT NULL,
    end_date     date NOT NULL,
    monthly_rent numeric(12, 2) NOT NULL,
    filed_by     jsonb,
    filed_at     timestamptz NOT NULL DEFAULT now(),
    ended_on     date,
    end_reason   text
);
CREATE INDEX rentals_house ON rentals (house_id);

CREATE TABLE compound_profiles (
    compound_id      uuid PRIMARY KEY REFERENCES places (id),
    developer        jsonb,
    builder          jsonb,
    property_company jsonb,
    updated_at       timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE coordinators (
    id       uuid PRIMARY KEY,
    name     text NOT NULL,
    phone    text,
    place_id uuid NOT NULL REFERENCES places (id)
);
CREATE TABLE coordinator_photos (
    coordinator_id uuid PRIMARY KEY REFERENCES coordinators (id),
    content_type   text NOT NULL,
    image          bytea NOT NULL,
    sha256         text NOT NULL,
    updated_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE employers (
    id             uuid PRIMARY KEY,
    name           text NOT NULL,
    credit_code    text UNIQUE,
    place_id       uuid NOT NULL REFERENCES places (id),
    address        text,
    contact_person text,
    phone          text,
    coordinator_id uuid
);
CREATE INDEX employers_place ON employers (place_id);
CREATE INDEX employers_coordinator ON employers (coordinator_id);
CREATE TABLE employees (
    employer_id uuid NOT NULL REFERENCES employers (id),
    person_id   uuid NOT NULL,
    since       date NOT NULL,
    until       date,
    PRIMARY KEY (employer_id, person_id, since)
);
CREATE UNIQUE INDEX employees_current ON employees (employer_id, person_id) WHERE until IS NULL;

CREATE TABLE inspections (
    id           uuid PRIMARY KEY,
    house_id     uuid NOT NULL REFERENCES houses (id),
    inspected_on date NOT NULL,
    inspector_id uuid NOT NULL,
    findings     text,
    recorded_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX inspections_house ON inspections (house_id, inspected_on DESC);
CREATE TABLE hazard_notices (
    id            uuid PRIMARY KEY,
    inspection_id uuid NOT NULL REFERENCES inspections (id),
    house_id      uuid NOT NULL REFERENCES houses (id),
    category      text NOT NULL,
    department    text NOT NULL,
    description   text NOT NULL,
    status        text NOT NULL DEFAULT 'open',   -- open, in_progress, closed
    follow_ups    jsonb NOT NULL DEFAULT '[]',
    raised_at     timestamptz NOT NULL DEFAULT now(),
    closed_at     timestamptz
);
CREATE INDEX hazard_notices_department ON hazard_notices (department, status);
CREATE INDEX hazard_notices_house ON hazard_notices (house_id);

-- Who lives and lived at each unit: housing's own projection of the registry's events.
CREATE TABLE occupants (
    residence_id   uuid PRIMARY KEY,
    person_id      uuid NOT NULL,
    unit_id        uuid NOT NULL,
    place_path     uuid[] NOT NULL,
    arrival_date   date NOT NULL,
    departure_date date,
    status         text NOT NULL          -- active, departed, cancelled
);
CREATE INDEX occupants_unit ON occupants (unit_id);
CREATE INDEX occupants_path ON occupants USING gin (place_path) WHERE status = 'active';
CREATE TABLE occupant_persons (
    person_id        uuid PRIMARY KEY,
    name             text NOT NULL,
    id_number_masked text NOT NULL
);
