-- The ОКТМО correction loop (issue 13): when a party's ОКТМО was last corrected (a lookup done again after its
-- incident was retried, or set by an operator). A correction applies only when it is newer than the party's latest
-- answer (coalesce(oktmo_corrected_at, enriched_at)), so a stale one never overwrites a newer one.
ALTER TABLE organisation ADD COLUMN oktmo_corrected_at TIMESTAMPTZ;
ALTER TABLE founder ADD COLUMN oktmo_corrected_at TIMESTAMPTZ;
-- A correction finds the parties by the identifier they were looked up by: the ИНН, else the ОГРН.
CREATE INDEX organisation_ogrn ON organisation (ogrn);
CREATE INDEX founder_ogrn ON founder (ogrn);
