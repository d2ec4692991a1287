-- The ОКТМО directory (issue 13; seed 000, block «Обновление ОКТМО Analytics»): the Росстат classifier as ЛКО keeps
-- it, versioned, with history. V2's `region` and `municipality` were never filled (nothing loaded the classifier) and
-- keyed regions by the first two digits, which is wrong for the autonomous okrugs (718/719 share 71 with their
-- oblast); they are replaced by the tables below. Analytics never read these tables: they read the views of schema
-- `analytics` (survey-service README, "Analytics contract").
DROP TABLE municipality;
DROP TABLE region;

-- One row per classifier file loaded (or being loaded). Exactly one is CURRENT once a file has loaded; a file is
-- LOADING until its last row is written and the switch committed, so a half-loaded file is never the directory.
CREATE TABLE oktmo_version (
    id                INT         GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    status            VARCHAR(16) NOT NULL CHECK (status IN ('LOADING', 'CURRENT', 'SUPERSEDED', 'FAILED')),
    file_name         TEXT        NOT NULL,
    sha256            CHAR(64)    NOT NULL,
    encoding          VARCHAR(16),              -- as detected: windows-1251 or UTF-8
    change_number     INT,                      -- the highest NomAkt in the file: the classifier change it is up to
    effective_date    DATE,                     -- the latest DateVved in the file
    rows_read         INT         NOT NULL DEFAULT 0, -- progress while LOADING; the file's data rows afterwards
    regions           INT,
    municipalities    INT,                      -- RAZDEL 1 rows that are municipalities (not regions, not groups)
    populated_places  INT,                      -- RAZDEL 2 rows that are populated places
    added             INT,                      -- the diff's summary against the version it replaced
    renamed           INT,
    moved             INT,
    abolished         INT,
    error             TEXT,                     -- FAILED: why, with the line number
    started_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    loaded_at         TIMESTAMPTZ               -- when it became CURRENT
);
CREATE UNIQUE INDEX oktmo_version_one_current ON oktmo_version ((true)) WHERE status = 'CURRENT';
-- The same file loaded twice is the same version (a FAILED attempt does not count).
CREATE UNIQUE INDEX oktmo_version_file ON oktmo_version (sha256) WHERE status <> 'FAILED';

-- Every classified row of the classifier, one record per span of versions it held unchanged in: a new version that
-- changes a code's name, parent or region closes the record (valid_to) and opens another; a code that leaves the
-- classifier is closed and not reopened, so an organisation with an abolished code still resolves to what it was.
CREATE TABLE oktmo_entry (
    oktmo          VARCHAR(11) NOT NULL CHECK (oktmo ~ '^([0-9]{8}|[0-9]{11})$'),
    valid_from     INT         NOT NULL REFERENCES oktmo_version (id), -- the first version it holds in
    valid_to       INT         REFERENCES oktmo_version (id),          -- the first version it no longer holds in; NULL: current
    kind           VARCHAR(40) NOT NULL,       -- REGION, GROUP, MUNICIPAL_DISTRICT, URBAN_OKRUG, … , POPULATED_PLACE
    name           TEXT        NOT NULL,       -- NAME1 as published
    parent_oktmo   VARCHAR(11),                -- the municipality (never a GROUP row) it belongs to; NULL for a REGION
    region_oktmo   VARCHAR(11) NOT NULL,       -- the REGION row (subject of the federation) it belongs to
    centre         TEXT,                       -- Centrum
    change_number  INT,                        -- NomAkt: the classifier change that last touched the row
    approved_on    DATE,                       -- DateUtv
    introduced_on  DATE,                       -- DateVved
    updated_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (oktmo, valid_from)
);
CREATE UNIQUE INDEX oktmo_entry_current ON oktmo_entry (oktmo) WHERE valid_to IS NULL;
CREATE INDEX oktmo_entry_current_region ON oktmo_entry (region_oktmo) WHERE valid_to IS NULL;

-- The diff of each version against the one it replaced.
CREATE TABLE oktmo_change (
    version_id   INT         NOT NULL REFERENCES oktmo_version (id),
    oktmo        VARCHAR(11) NOT NULL,
    change       VARCHAR(16) NOT NULL CHECK (change IN ('ADDED', 'RENAMED', 'MOVED', 'ABOLISHED')),
    old_name     TEXT,
    new_name     TEXT,
    old_parent   VARCHAR(11),
    new_parent   VARCHAR(11),
    old_region   VARCHAR(11),
    new_region   VARCHAR(11),
    replaced_by  VARCHAR(11),                  -- ABOLISHED: the code that took its place, when a change record says so
    PRIMARY KEY (version_id, oktmo, change)
);

-- When ЛКО last changed the organisation (created it, took an update from ПОС.ОС, remapped its ОКТМО): the column
-- exports page by and analytics filter on (`updatedSince`).
ALTER TABLE organisation ADD COLUMN updated_at TIMESTAMPTZ NOT NULL DEFAULT now();
CREATE INDEX organisation_updated ON organisation (updated_at, id);
CREATE INDEX organisation_oktmo ON organisation (oktmo);
