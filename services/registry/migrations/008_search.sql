-- Search that stays fast with a million persons: a name is found by its beginning (an
-- index on the text pattern) or by a beginning of its pinyin initials (every prefix of
-- every reading is stored, so a GIN containment finds "zs" and "zsf" in 张三丰).
ALTER TABLE persons RENAME COLUMN name_initials TO initial_prefixes;
UPDATE persons SET initial_prefixes = coalesce(
    (SELECT array_agg(DISTINCT left(i, n)) FROM unnest(initial_prefixes) i,
            generate_series(1, length(i)) n), '{}');
CREATE INDEX persons_name_prefix ON persons (name text_pattern_ops);
DROP INDEX persons_name;

-- The responsible officer (管辖民警) of a place, as housing publishes it.
ALTER TABLE places ADD COLUMN officer_id uuid;
CREATE INDEX places_officer ON places (officer_id);
