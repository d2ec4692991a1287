-- The enrichment's cache of Dadata answers, one row per identifier (the latest answer). An answer is served
-- from here while expires_at is in the future: long for FOUND, short for NOT_FOUND, never for FAILED
-- (expires_at = looked_up_at), which is stored only so operators see it.
CREATE TABLE oktmo_lookup (
    identifier       VARCHAR(15) PRIMARY KEY,
    identifier_kind  VARCHAR(8)  NOT NULL CHECK (identifier_kind IN ('INN', 'OGRN')),
    outcome          VARCHAR(16) NOT NULL CHECK (outcome IN ('FOUND', 'NOT_FOUND', 'FAILED')),
    oktmo            VARCHAR(11) CHECK ((outcome = 'FOUND') = (oktmo IS NOT NULL)),
    reason           TEXT,
    attempts         INT         NOT NULL DEFAULT 0,
    incident_id      UUID,
    looked_up_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at       TIMESTAMPTZ NOT NULL
);
