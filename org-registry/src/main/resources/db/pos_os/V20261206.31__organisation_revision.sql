-- ЛКО's update operation (issue 13): ПОС.ОС counts the changes of each organisation that ЛКО's copy shows
-- (name, identifiers, address, ОКТМО, founder) and sends the count with every update, so ЛКО never lets an older
-- update overwrite a newer one. lko_fingerprint: SHA-256 of those fields as last accepted — a change of anything
-- else (the card it came with, the ОКТМО's status) is not sent to ЛКО.
ALTER TABLE organisation ADD COLUMN revision BIGINT NOT NULL DEFAULT 1;
ALTER TABLE organisation ADD COLUMN lko_fingerprint TEXT;
-- When the newest ОКТМО answer of the submission was had (OrganisationSubmission.answeredAt): a submission older than
-- the stored one is not taken, so a correction overtaken by a newer one (or the first hand-off arriving after a
-- correction) never overwrites it. NULL: not known (submissions from before issue 13), taken as before.
ALTER TABLE organisation ADD COLUMN answered_at TIMESTAMPTZ;
