-- Where a compound stands (GCJ-02), for the big screen's map.
ALTER TABLE compound_profiles ADD COLUMN location jsonb;
