-- ПОС.ОС: organisations accepted from МОКУ (seed 000 steps 8–10) and their hand-off to ЛКО (step 11).
-- Only valid organisations are stored; an invalid submission leaves an incident (INVALID_ORGANISATION) instead.

CREATE TABLE organisation (
    moku_organisation_id UUID        PRIMARY KEY,
    card_id              UUID        NOT NULL,
    name                 TEXT        NOT NULL,
    inn                  VARCHAR(10) NOT NULL,
    ogrn                 VARCHAR(13) NOT NULL,
    kpp                  TEXT,
    address              TEXT,
    oktmo                VARCHAR(11),
    oktmo_status         VARCHAR(16) NOT NULL CHECK (oktmo_status IN ('FOUND', 'NOT_FOUND', 'FAILED')),
    -- ACCEPTED: stored, hand-off queued · CREATED_IN_LKO · MANUAL_REVIEW: ЛКО refused it · FAILED: ЛКО unavailable
    status               VARCHAR(32) NOT NULL
                         CHECK (status IN ('ACCEPTED', 'CREATED_IN_LKO', 'MANUAL_REVIEW', 'FAILED')),
    lko_organisation_id  UUID,                 -- ЛКО's id once created there: the pair linking the two contours
    submission_hash      TEXT        NOT NULL, -- of the last accepted submission: a repeat changes nothing
    created_at           TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at           TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX organisation_status ON organisation (status, updated_at);
CREATE INDEX organisation_card ON organisation (card_id);

CREATE TABLE founder (
    moku_organisation_id UUID        PRIMARY KEY REFERENCES organisation (moku_organisation_id),
    kind                 VARCHAR(16) NOT NULL CHECK (kind IN ('LEGAL_ENTITY', 'PERSON')),
    name                 TEXT,               -- legal entity
    last_name            TEXT,               -- person
    first_name           TEXT,
    middle_name          TEXT,
    inn                  VARCHAR(12) NOT NULL,
    ogrn                 VARCHAR(15),        -- ОГРН of a legal entity, ОГРНИП of a person (optional)
    oktmo                VARCHAR(11),
    oktmo_status         VARCHAR(16) CHECK (oktmo_status IN ('FOUND', 'NOT_FOUND', 'FAILED'))
);

-- Organisations ЛКО refused after every attempt (seed 000 step 11: "an incident plus a row for manual analysis").
-- OPEN until an operator retries the incident (RETRIED) or closes the case by hand (CLOSED).
CREATE TABLE manual_review (
    id                   UUID        PRIMARY KEY,
    moku_organisation_id UUID        NOT NULL REFERENCES organisation (moku_organisation_id),
    incident_id          UUID        NOT NULL,
    reason               TEXT        NOT NULL,
    problem              TEXT,               -- ЛКО's problem document
    status               VARCHAR(16) NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'RETRIED', 'CLOSED')),
    created_at           TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at           TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX manual_review_open ON manual_review (created_at) WHERE status = 'OPEN';
CREATE INDEX manual_review_organisation ON manual_review (moku_organisation_id);
CREATE INDEX manual_review_incident ON manual_review (incident_id);
