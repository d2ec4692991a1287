-- Hand-off of the organisation to ПОС.ОС and ЛКО (seed 000 steps 8–11): МОКУ's id of the organisation (one per
-- ИНН + ОГРН, shared by all its cards) and ЛКО's id once ЛКО created it — the pair that links the two contours.
ALTER TABLE organisation
    ADD COLUMN moku_organisation_id UUID,
    ADD COLUMN lko_organisation_id  UUID,
    ADD COLUMN in_lko_at            TIMESTAMPTZ;
CREATE INDEX organisation_moku_id ON organisation (moku_organisation_id);
