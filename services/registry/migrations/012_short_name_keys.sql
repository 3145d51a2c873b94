-- A search by two pinyin letters ("ly": 33,000 of 1.2 M persons) answered without reading
-- every match. `person_keys` holds each person's two-letter keys (usual reading, other
-- readings, a Latin name's first letters) in name order, with the places a user can be
-- scoped to that the person has lived under; `person_key_counts` holds how many persons
-- each key has under each such place. Triggers keep both exact on every write to persons,
-- whatever writes it (check-in, move, amendment, import, a bulk load).
CREATE TABLE person_keys (
    key       text NOT NULL,
    name      text NOT NULL,
    person_id uuid NOT NULL,
    areas     uuid[] NOT NULL,  -- EVERYWHERE and every place above building level
    PRIMARY KEY (key, name, person_id) INCLUDE (areas)
);
CREATE INDEX person_keys_person ON person_keys (person_id);

CREATE TABLE person_key_counts (
    key     text NOT NULL,
    area    uuid NOT NULL,
    persons integer NOT NULL,
    PRIMARY KEY (key, area)
);

-- The rows of `person_keys` for these persons, in one statement for a whole write: the keys
-- a two-letter query finds a person by (as repo._name_branches matches them), and the
-- places to count them under: everywhere (admins) and each place a user can be scoped to.
-- Buildings and units never are, and would multiply the counts to keep; a place registry
-- has not copied yet is counted.
CREATE FUNCTION person_key_rows(ids uuid[])
RETURNS TABLE (key text, name text, person_id uuid, areas uuid[])
LANGUAGE sql STABLE AS $$
    WITH chosen AS (
        SELECT id, name, initials, other_initials, areas FROM persons WHERE id = ANY(ids)
    ), keys AS (
        SELECT id, name, left(initials, 2) AS key FROM chosen
        UNION
        SELECT id, name, i FROM chosen, unnest(other_initials) i WHERE length(i) = 2
        UNION
        SELECT id, name, lower(left(name, 2)) FROM chosen WHERE left(name, 2) ~ '^[A-Z]{2}$'
    ), scoped AS (
        SELECT c.id, array_agg(a) AS areas FROM chosen c, unnest(c.areas) a
        WHERE NOT EXISTS (
            SELECT 1 FROM places p WHERE p.id = a AND p.kind IN ('building', 'unit'))
        GROUP BY c.id
    )
    SELECT k.key, k.name, k.id,
           '00000000-0000-0000-0000-000000000000'::uuid || coalesce(s.areas, '{}')
    FROM keys k LEFT JOIN scoped s ON s.id = k.id
    WHERE k.key ~ '^[a-z]{2}$'
$$;

CREATE FUNCTION person_keys_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO person_keys SELECT * FROM person_key_rows(ARRAY(SELECT id FROM added));
    RETURN NULL;
END $$;

CREATE FUNCTION person_keys_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    changed uuid[] := ARRAY(
        SELECT a.id FROM after a JOIN before b ON b.id = a.id
        WHERE (a.name, a.initials, a.other_initials, a.areas)
              IS DISTINCT FROM (b.name, b.initials, b.other_initials, b.areas));
BEGIN
    IF cardinality(changed) > 0 THEN
        DELETE FROM person_keys WHERE person_id = ANY(changed);
        INSERT INTO person_keys SELECT * FROM person_key_rows(changed);
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION person_keys_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM person_keys WHERE person_id IN (SELECT id FROM removed);
    RETURN NULL;
END $$;

-- In (key, area) order, so that two writers never lock the same counts in opposite orders.
CREATE FUNCTION person_key_counts_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO person_key_counts (key, area, persons)
    SELECT k.key, a, count(*) FROM added k, unnest(k.areas) a
    GROUP BY k.key, a ORDER BY k.key, a
    ON CONFLICT (key, area) DO UPDATE SET persons = person_key_counts.persons + EXCLUDED.persons;
    RETURN NULL;
END $$;

CREATE FUNCTION person_key_counts_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE person_key_counts c SET persons = c.persons - d.n
    FROM (SELECT k.key, a, count(*) AS n FROM removed k, unnest(k.areas) a
          GROUP BY k.key, a ORDER BY k.key, a) d
    WHERE c.key = d.key AND c.area = d.a;
    RETURN NULL;
END $$;

CREATE TRIGGER person_keys_added AFTER INSERT ON persons
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION person_keys_added();
CREATE TRIGGER person_keys_changed AFTER UPDATE ON persons
    REFERENCING OLD TABLE AS before NEW TABLE AS after
    FOR EACH STATEMENT EXECUTE FUNCTION person_keys_changed();
CREATE TRIGGER person_keys_removed AFTER DELETE ON persons
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION person_keys_removed();
CREATE TRIGGER person_key_counts_added AFTER INSERT ON person_keys
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION person_key_counts_added();
CREATE TRIGGER person_key_counts_removed AFTER DELETE ON person_keys
    REFERENCING OLD TABLE AS removed
    FOR EACH STATEMENT EXECUTE FUNCTION person_key_counts_removed();

INSERT INTO person_keys SELECT * FROM person_key_rows(ARRAY(SELECT id FROM persons));
