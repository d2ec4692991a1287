-- ОКТМО enrichment of a card's parties (seed 000 step 7): why a party has no ОКТМО, and when it was answered.
ALTER TABLE organisation
    ADD COLUMN oktmo_reason TEXT,
    ADD COLUMN enriched_at  TIMESTAMPTZ;
ALTER TABLE founder
    ADD COLUMN oktmo_reason TEXT,
    ADD COLUMN enriched_at  TIMESTAMPTZ;
