-- The guard of ЛКО's update operation (PUT /api/v1/organisations/{mokuOrganisationId}, issue 13): ПОС.ОС's revision
-- of the organisation that ЛКО's copy reflects. An update is applied only with a higher revision, so an update that
-- is repeated or overtaken by a later one never overwrites the newer data. 0: as created, no update taken yet.
ALTER TABLE organisation ADD COLUMN source_revision BIGINT NOT NULL DEFAULT 0;
