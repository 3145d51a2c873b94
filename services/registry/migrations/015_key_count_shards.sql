-- An import lands its chunks in two transactions at once. Each one's persons add to the same
-- counts (a common key under the district), and an upsert of a counted row waits for the
-- other transaction to commit: the two lanes took turns for most of their work. Each
-- transaction now adds to the share of the count its server process keeps (one of 16), so
-- two lanes rarely meet; a count is the sum of its shares (at most 16 rows, one index range).
ALTER TABLE person_key_counts ADD COLUMN shard smallint NOT NULL DEFAULT 0;
ALTER TABLE person_key_counts DROP CONSTRAINT person_key_counts_pkey;
ALTER TABLE person_key_counts ADD PRIMARY KEY (key, area, shard);

CREATE OR REPLACE FUNCTION person_key_counts_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO person_key_counts (key, area, shard, persons)
    SELECT k.key, a, pg_backend_pid() % 16, count(*) FROM added k, unnest(k.areas) a
    GROUP BY k.key, a ORDER BY k.key, a
    ON CONFLICT (key, area, shard)
    DO UPDATE SET persons = person_key_counts.persons + EXCLUDED.persons;
    RETURN NULL;
END $$;

-- A removal is taken off this process's share too (which may go below zero): only the sum
-- of the shares is a count.
CREATE OR REPLACE FUNCTION person_key_counts_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO person_key_counts (key, area, shard, persons)
    SELECT k.key, a, pg_backend_pid() % 16, -count(*) FROM removed k, unnest(k.areas) a
    GROUP BY k.key, a ORDER BY k.key, a
    ON CONFLICT (key, area, shard)
    DO UPDATE SET persons = person_key_counts.persons + EXCLUDED.persons;
    RETURN NULL;
END $$;
