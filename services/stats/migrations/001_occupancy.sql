-- The occupancy projection: one row per residence with its place at every level, and the
-- place tree for names and for children with nothing in them. Rebuilt from events alone.
CREATE TABLE stats_places (
    id        uuid PRIMARY KEY,
    kind      text NOT NULL,
    name      text NOT NULL,
    parent_id uuid,
    path_ids  uuid[] NOT NULL
);
CREATE INDEX stats_places_parent ON stats_places (parent_id);

CREATE TABLE stats_residences (
    residence_id   uuid PRIMARY KEY,
    person_id      uuid NOT NULL,
    person_name    text NOT NULL,
    district_id    uuid,
    station_id     uuid,
    community_id   uuid,
    compound_id    uuid,
    building_id    uuid,
    unit_id        uuid NOT NULL,
    arrival_date   date NOT NULL,
    departure_date date,
    cancelled      boolean NOT NULL DEFAULT false,
    sex            text,
    birth_date     date,
    origin_region  text,
    housing_type   text,
    reason         text
);
CREATE INDEX stats_res_district ON stats_residences (district_id);
CREATE INDEX stats_res_station ON stats_residences (station_id);
CREATE INDEX stats_res_community ON stats_residences (community_id);
CREATE INDEX stats_res_compound ON stats_residences (compound_id);
CREATE INDEX stats_res_building ON stats_residences (building_id);
CREATE INDEX stats_res_unit ON stats_residences (unit_id);
