-- The responsible officer (管辖民警) of a community, compound or building.
ALTER TABLE places ADD COLUMN officer_id uuid, ADD COLUMN officer_name text;
