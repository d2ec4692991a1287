-- Intake tables of the gateway (schema smev), seed 000 steps 1–4 with the status model of
-- ARCHITECTURE.md §5. Codes are mirrored by RawMessageStatus and InstanceStatus.

-- Every SMEV message that reached the gateway, valid or not: nothing that arrived is lost.
CREATE TABLE raw_message (
    id              UUID        PRIMARY KEY,
    -- SMEV's MessageMetadata/MessageId: the de-duplication key (SMEV delivers at least once).
    -- NULL when the body failed before a MessageId could be read (malformed XML, …); UNIQUE allows many NULLs.
    smev_message_id TEXT        UNIQUE,
    source          VARCHAR(8)  NOT NULL CHECK (source IN ('PULL', 'PUSH')),
    body            TEXT        NOT NULL,
    -- 0 received · 1 received, valid · -1 received, invalid · 2 split into instances ·
    -- -2 split failed · 3 processed · -3 processed with errors
    status          SMALLINT    NOT NULL CHECK (status IN (0, 1, -1, 2, -2, 3, -3)),
    -- for -1: the problem class (malformed-xml, schema-violation, …)
    problem_type    TEXT,
    error           TEXT,
    received_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX raw_message_status ON raw_message (status, received_at DESC);
CREATE INDEX raw_message_received_at ON raw_message (received_at DESC);

-- One row per service card of a raw message; its id is the card id that travels with the card.
CREATE TABLE integration_instance (
    id             UUID        PRIMARY KEY,
    raw_message_id UUID        NOT NULL REFERENCES raw_message (id),
    position       INT         NOT NULL,
    -- 0 waiting · 1 in progress · 2 processed · -2 failed
    status         SMALLINT    NOT NULL CHECK (status IN (0, 1, 2, -2)),
    -- card-processor's answer: ACCEPTED, FLAGGED or REJECTED; NULL while none arrived
    outcome        VARCHAR(16) CHECK (outcome IN ('ACCEPTED', 'FLAGGED', 'REJECTED')),
    -- card-processor's reason (for FLAGGED and REJECTED)
    error          TEXT,
    -- the ServiceCard as published, so that reprocessing re-publishes exactly the same card
    card_json      TEXT        NOT NULL,
    -- how often the card was handed to the outbox (1 at intake, +1 per reprocessing)
    publish_count  INT         NOT NULL DEFAULT 1,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (raw_message_id, position)
);
-- The reprocessing job only looks at failed instances.
CREATE INDEX integration_instance_failed ON integration_instance (updated_at) WHERE status = -2;
