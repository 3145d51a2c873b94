-- Where a compound stands (GCJ-02, from its five-in-one record), for the big screen's map.
ALTER TABLE stats_places ADD COLUMN lng double precision, ADD COLUMN lat double precision;
