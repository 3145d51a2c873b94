-- The occupancy projection keeps its checkpoints in a table of its own: a rebuild swaps
-- them in with its tables instead of copying a row per stream into the shared one. Stream
-- ids compare byte by byte ("C"): a rebuild writes a million of them in their order.
CREATE TABLE stats_checkpoints (
    consumer  text             NOT NULL,
    stream_id text COLLATE "C" NOT NULL,
    version   integer          NOT NULL,
    PRIMARY KEY (consumer, stream_id)
);
INSERT INTO stats_checkpoints
SELECT consumer, stream_id, version FROM consumer_checkpoints WHERE consumer = 'stats.occupancy';
DELETE FROM consumer_checkpoints WHERE consumer = 'stats.occupancy';

-- The changes' stream ids too: a rebuild indexes a million and a half of them.
ALTER TABLE stats_changes ALTER COLUMN stream_id TYPE text COLLATE "C";
