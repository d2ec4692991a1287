-- ПОС.ОГ.ЛКО: organisations and founders as ЛКО stores them (seed 000 step 11), and the reference tables of the
-- ОКТМО directory (filled later from the Росстат classifier).

CREATE TABLE region (
    code       VARCHAR(2)  PRIMARY KEY,  -- the first two digits of every ОКТМО of the region
    name       TEXT        NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE municipality (
    oktmo       VARCHAR(11) PRIMARY KEY,  -- 8 digits (municipality) or 11 (settlement)
    region_code VARCHAR(2)  NOT NULL REFERENCES region (code),
    name        TEXT        NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX municipality_region ON municipality (region_code);

-- The pair id ↔ moku_organisation_id is the end-to-end identity between the two contours. The ОКТМО is
-- deliberately not a foreign key of municipality: the directory is loaded later and may lag behind.
CREATE TABLE organisation (
    id                   UUID        PRIMARY KEY,
    moku_organisation_id UUID        NOT NULL UNIQUE,
    name                 TEXT        NOT NULL,
    inn                  VARCHAR(10) NOT NULL,
    ogrn                 VARCHAR(13) NOT NULL,
    kpp                  TEXT,
    address              TEXT,
    oktmo                VARCHAR(11),
    created_at           TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX organisation_inn ON organisation (inn);

CREATE TABLE founder (
    organisation_id UUID        PRIMARY KEY REFERENCES organisation (id),
    kind            VARCHAR(16) NOT NULL CHECK (kind IN ('LEGAL_ENTITY', 'PERSON')),
    name            TEXT,               -- legal entity
    last_name       TEXT,               -- person
    first_name      TEXT,
    middle_name     TEXT,
    inn             VARCHAR(12) NOT NULL,
    ogrn            VARCHAR(15),        -- ОГРН of a legal entity, ОГРНИП of a person (optional)
    oktmo           VARCHAR(11)
);

-- Test/ops fault injector (moku.survey.fault-injection.enabled): organisations ЛКО answers with 422.
CREATE TABLE rejection_rule (
    kind  VARCHAR(32) NOT NULL CHECK (kind IN ('INN', 'MOKU_ORGANISATION_ID')),
    value TEXT        NOT NULL,
    PRIMARY KEY (kind, value)
);
