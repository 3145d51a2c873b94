-- Who made each change (user id, name, role), for timelines; null for system events.
ALTER TABLE events ADD COLUMN IF NOT EXISTS actor jsonb;
