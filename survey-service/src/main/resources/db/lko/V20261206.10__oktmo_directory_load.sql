-- What the ОКТМО loader (survey-service package `directory`) keeps besides the contract of V20261206.1.
-- NomDescr as published: where a change record names the code(s) a new code replaces, the loader maps an abolished
-- code to its successor from it (oktmo_change.replaced_by) and remaps ЛКО organisations.
ALTER TABLE oktmo_entry ADD COLUMN description TEXT;
-- The version a load replaced (NULL for the first) and how many organisations its change records remapped.
ALTER TABLE oktmo_version ADD COLUMN previous_version_id INT REFERENCES oktmo_version (id);
ALTER TABLE oktmo_version ADD COLUMN organisations_remapped INT;
-- Remapping looks the abolished codes of a version up.
CREATE INDEX oktmo_change_abolished ON oktmo_change (version_id) WHERE change = 'ABOLISHED';
