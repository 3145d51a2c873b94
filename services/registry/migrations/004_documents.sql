-- Identity documents beyond the resident ID card: HMT residence permits, foreigners'
-- permanent residence cards (both unique by number, like ID numbers) and passports
-- (unique by nationality and number).
ALTER TABLE persons ADD COLUMN id_type text NOT NULL DEFAULT 'resident';
ALTER TABLE persons ADD COLUMN nationality text;
ALTER TABLE persons DROP CONSTRAINT persons_id_number_key;
CREATE UNIQUE INDEX persons_document ON persons (id_number) WHERE id_type <> 'passport';
CREATE UNIQUE INDEX persons_passport ON persons (nationality, id_number)
    WHERE id_type = 'passport';
