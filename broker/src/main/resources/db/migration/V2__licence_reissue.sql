-- P26: a lost licence is re-issued under a new key while it is valid; the old key stops working.
ALTER TABLE licences ADD COLUMN replaced_by VARCHAR(64);
ALTER TABLE licences ADD COLUMN replaced_at TIMESTAMP WITH TIME ZONE;
