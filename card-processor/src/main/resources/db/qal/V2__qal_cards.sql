-- МОКУ.QAL: service cards as card-processor stores them (seed 000 steps 5–6).

CREATE TABLE service_card (
    id                 UUID        PRIMARY KEY,            -- = the gateway's integration instance id
    raw_message_id     UUID        NOT NULL,
    smev_message_id    TEXT        NOT NULL,
    position           INT         NOT NULL,
    service_code       TEXT        NOT NULL,
    application_number TEXT        NOT NULL,
    application_date   DATE        NOT NULL,
    stage              VARCHAR(32) NOT NULL,
    flag_reason        TEXT,                                -- why the card is FLAGGED (invalid identifiers)
    received_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at         TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX service_card_stage ON service_card (stage, updated_at);
CREATE INDEX service_card_raw_message ON service_card (raw_message_id);

CREATE TABLE organisation (
    card_id      UUID    PRIMARY KEY REFERENCES service_card (id),
    name         TEXT    NOT NULL,
    inn          TEXT    NOT NULL,
    ogrn         TEXT    NOT NULL,
    kpp          TEXT,
    address      TEXT,
    inn_valid    BOOLEAN NOT NULL,
    ogrn_valid   BOOLEAN NOT NULL,
    oktmo        TEXT,               -- filled by enrichment (step 7); NULL until then or when not found
    oktmo_status VARCHAR(16)
);
CREATE INDEX organisation_inn ON organisation (inn);

CREATE TABLE founder (
    card_id      UUID        PRIMARY KEY REFERENCES service_card (id),
    kind         VARCHAR(16) NOT NULL CHECK (kind IN ('LEGAL_ENTITY', 'PERSON')),
    name         TEXT,               -- legal entity
    last_name    TEXT,               -- person
    first_name   TEXT,
    middle_name  TEXT,
    inn          TEXT        NOT NULL,
    ogrn         TEXT,               -- ОГРН of a legal entity, ОГРНИП of a person (optional)
    inn_valid    BOOLEAN     NOT NULL,
    ogrn_valid   BOOLEAN     NOT NULL,
    oktmo        TEXT,
    oktmo_status VARCHAR(16)
);
CREATE INDEX founder_inn ON founder (inn);

-- Every stage a card went through, for operators and the SLA checks of later stages.
CREATE TABLE card_stage_history (
    card_id UUID        NOT NULL REFERENCES service_card (id),
    stage   VARCHAR(32) NOT NULL,
    at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    reason  TEXT
);
CREATE INDEX card_stage_history_card ON card_stage_history (card_id, at);
