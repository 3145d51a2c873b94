-- A search by a person's own fields (name, initials, number) within a jurisdiction, counted
-- and paged from an index alone: `initials` is the usual reading's initials (an ordered
-- index finds any beginning of it); the other readings' beginnings stay in the array (a
-- short GIN list: only names with polyphonic characters); `areas` holds every place the
-- person has lived under (in any residence), so the scope is checked without residences.
ALTER TABLE persons ADD COLUMN initials text NOT NULL DEFAULT '',
                    ADD COLUMN areas uuid[] NOT NULL DEFAULT '{}';
ALTER TABLE persons RENAME COLUMN initial_prefixes TO other_initials;
-- Rows from before: the longest stored reading stands for the usual one.
UPDATE persons SET initials = coalesce(
    (SELECT i FROM unnest(other_initials) i ORDER BY length(i) DESC, i LIMIT 1), '');
UPDATE persons SET other_initials =
    ARRAY(SELECT i FROM unnest(other_initials) i WHERE NOT starts_with(initials, i));
UPDATE persons p SET areas = coalesce(
    (SELECT array_agg(DISTINCT a) FROM residences r, unnest(r.place_path) a
      WHERE r.person_id = p.id), '{}');
CREATE INDEX persons_usual_initials ON persons (initials text_pattern_ops) INCLUDE (name, id, areas);
DROP INDEX persons_name_prefix;
CREATE INDEX persons_name_prefix ON persons (name text_pattern_ops) INCLUDE (id, areas);
