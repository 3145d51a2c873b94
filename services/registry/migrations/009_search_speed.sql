-- Person search with a million persons and more (bench/search.py), without reading rows that
-- an index can answer for.

-- A number is found whatever the document: the two unique indexes are partial (by id_type),
-- so a search by number alone could use neither.
CREATE INDEX persons_id_number ON persons (id_number);

-- Names in the order a page shows them: a page of persons matched by their residences walks
-- this until it is full, instead of reading every match to sort it.
CREATE INDEX persons_name_order ON persons (name, id);

-- A name by its beginning, now with the id: the matches are counted and checked for a
-- residence without reading the persons themselves.
DROP INDEX persons_name_prefix;
CREATE INDEX persons_name_prefix ON persons (name text_pattern_ops) INCLUDE (id);

-- Each kind of place hangs at its own depth and places never move, so the residences under
-- a place are those whose path begins with the place's path: one range of this index. It
-- counts the persons under a place (or an officer's places) without reading residences.
CREATE INDEX residences_place ON residences (place_path) INCLUDE (person_id, arrival_date, status);

-- Whether a person has a residence under a place (the search's scope, a place asked for):
-- one look in this index, not in the residence itself.
CREATE INDEX residences_person_place ON residences (person_id, place_path)
    INCLUDE (arrival_date, status);
