-- The event store counted by day (the reconciliation with the province): a range of days is
-- a range of positions, since events are recorded in time order; a BRIN index finds it
-- and costs an append next to nothing.
CREATE INDEX IF NOT EXISTS events_recorded_at ON events USING brin (recorded_at);
