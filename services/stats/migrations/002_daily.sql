-- Arrivals and departures per place and day, from district to compound: a place's
-- figures for any period are sums over its days (its residents at the end of a day: the
-- arrivals up to it less the departures), however many residences lie under it. A
-- building or a unit holds few enough to be counted from its residences.
CREATE TABLE stats_daily (
    place_id   uuid    NOT NULL,
    day        date    NOT NULL,
    arrivals   integer NOT NULL DEFAULT 0,
    departures integer NOT NULL DEFAULT 0,
    PRIMARY KEY (place_id, day)
);

INSERT INTO stats_daily (place_id, day, arrivals, departures)
SELECT place, day, sum(arrivals), sum(departures) FROM (
    SELECT place, arrival_date AS day, 1 AS arrivals, 0 AS departures
      FROM stats_residences r,
           unnest(ARRAY[district_id, station_id, community_id, compound_id]) place
     WHERE NOT r.cancelled
    UNION ALL
    SELECT place, departure_date, 0, 1
      FROM stats_residences r,
           unnest(ARRAY[district_id, station_id, community_id, compound_id]) place
     WHERE NOT r.cancelled AND r.departure_date IS NOT NULL
) changes WHERE place IS NOT NULL GROUP BY place, day;
