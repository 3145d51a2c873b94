-- Moves between two jurisdictions of the district, as cases both sides confirm.
-- A move's two halves (the departure from the old unit, the check-in at the new one) are
-- two events that may come in either order: each waits here for the other.
CREATE TABLE move_halves (
    to_residence_id   uuid PRIMARY KEY,
    person_id         uuid NOT NULL,
    person_name       text,
    from_residence_id uuid,
    origin_path       uuid[],
    destination_path  uuid[],
    moved_on          date
);

CREATE TABLE move_cases (
    id                       uuid PRIMARY KEY,
    person_id                uuid NOT NULL,
    person_name              text NOT NULL,
    from_residence_id        uuid NOT NULL,
    to_residence_id          uuid NOT NULL UNIQUE,
    origin_path              uuid[] NOT NULL,
    destination_path         uuid[] NOT NULL,
    moved_on                 date NOT NULL,
    opened_at                timestamptz NOT NULL,
    status                   text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'completed')),
    version                  integer NOT NULL,  -- of the case's stream
    origin_due_at            timestamptz NOT NULL,
    origin_confirmed_at      timestamptz,
    origin_confirmed_by      text,
    origin_note              text,
    origin_escalated_to      uuid,
    destination_due_at       timestamptz NOT NULL,
    destination_confirmed_at timestamptz,
    destination_confirmed_by text,
    destination_note         text,
    destination_escalated_to uuid
);
CREATE INDEX move_cases_origin ON move_cases USING gin (origin_path);
CREATE INDEX move_cases_destination ON move_cases USING gin (destination_path);
CREATE INDEX move_cases_open ON move_cases (status, origin_due_at, destination_due_at);
