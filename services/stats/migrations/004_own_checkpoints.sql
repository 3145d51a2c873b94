-- The occupancy projection keeps its checkpoints in a table of its own: a rebuild swaps
-- them in with its tables instead of copying a row per stream into the shared one.
CREATE TABLE stats_checkpoints (
    consumer  text    NOT NULL,
    stream_id text    NOT NULL,
    version   integer NOT NULL,
    PRIMARY KEY (consumer, stream_id)
);
INSERT INTO stats_checkpoints
SELECT consumer, stream_id, version FROM consumer_checkpoints WHERE consumer = 'stats.occupancy';
DELETE FROM consumer_checkpoints WHERE consumer = 'stats.occupancy';
