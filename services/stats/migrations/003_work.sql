-- Staff work figures (绩效考核): each change a user recorded, where it lies, the day it took
-- effect and when it was entered: counts per user and per place, and the monthly deadline
-- (every change of a month entered by the 4th of the next month, 16:00).
CREATE TABLE stats_changes (
    stream_id   text        NOT NULL,
    version     integer     NOT NULL,
    kind        text        NOT NULL,      -- entered, corrected, cancelled
    user_id     uuid,
    username    text,
    place_path  uuid[]      NOT NULL,      -- district … unit of the record ('{}': unknown)
    effective   date,                      -- arrival or departure day (entered changes)
    recorded_at timestamptz NOT NULL,
    PRIMARY KEY (stream_id, version)
);
CREATE INDEX stats_changes_path ON stats_changes USING gin (place_path);
-- A correction is filed under the person's latest residence; amendments look persons up too.
CREATE INDEX stats_residences_person ON stats_residences (person_id, arrival_date DESC);
