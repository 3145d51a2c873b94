-- A rebuild no longer restarts the live consumer in a new group (see rebuild.py).
DROP TABLE IF EXISTS consumer_generation;
