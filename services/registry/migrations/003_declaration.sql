-- The rest of the declaration: coded person fields, work at the place of residence, and
-- how each record came in (typed, ID card, self-declared, imported).
ALTER TABLE persons ADD COLUMN details jsonb NOT NULL DEFAULT '{}';
ALTER TABLE residences ADD COLUMN declaration jsonb NOT NULL DEFAULT '{}';
ALTER TABLE residences ADD COLUMN capture jsonb NOT NULL DEFAULT '{"channel": "typed"}';
