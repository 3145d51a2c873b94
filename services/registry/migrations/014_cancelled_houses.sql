-- A house's cancellation travels on the house's stream, the unit's creation on the place's:
-- registry may apply the cancellation first. Kept beside the place tree rather than on a
-- places row that may not exist yet, so that no order of the two loses it.
CREATE TABLE cancelled_houses (unit_id uuid PRIMARY KEY);
INSERT INTO cancelled_houses (unit_id) SELECT id FROM places WHERE house_cancelled;
ALTER TABLE places DROP COLUMN house_cancelled;
