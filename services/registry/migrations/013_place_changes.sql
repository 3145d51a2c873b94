-- What registry's copy of the place tree needs beyond paths: whether a unit can take a
-- check-in. A retired place takes nothing new; a cancelled house (拆迁) nothing until it is
-- restored. Both come from liudong.housing.
ALTER TABLE places
    ADD COLUMN retired boolean NOT NULL DEFAULT false,
    ADD COLUMN house_cancelled boolean NOT NULL DEFAULT false;
