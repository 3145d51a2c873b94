-- Moves between two stations of the district, counted once both sides confirmed them
-- (liudong.move_case.completed): a move counts on the day it happened.
CREATE TABLE stats_moves (
    case_id          uuid PRIMARY KEY,
    origin_path      uuid[] NOT NULL,
    destination_path uuid[] NOT NULL,
    moved_on         date NOT NULL
);
CREATE INDEX stats_moves_origin ON stats_moves USING gin (origin_path);
CREATE INDEX stats_moves_destination ON stats_moves USING gin (destination_path);
