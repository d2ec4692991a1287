-- Tables every service has in its own schema (service-runtime): the transactional outbox, the
-- inbox of processed message ids, and incidents. Services number their own migrations from V2.

-- Outbox: rows are written in the same transaction as the state change they announce; the relay
-- publishes them with confirms and marks them published (at-least-once; consumers de-duplicate).
CREATE TABLE outbox (
    id            BIGSERIAL PRIMARY KEY,
    message_id    UUID        NOT NULL UNIQUE,
    transport     VARCHAR(16) NOT NULL CHECK (transport IN ('RABBIT', 'KAFKA')),
    destination   TEXT        NOT NULL,   -- logical exchange or topic name (the relay adds the prefix)
    routing_key   TEXT        NOT NULL,   -- routing key, or the Kafka record key
    message_type  TEXT        NOT NULL,
    payload       TEXT        NOT NULL,   -- the JSON envelope
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    published_at  TIMESTAMPTZ,
    attempts      INT         NOT NULL DEFAULT 0,
    last_error    TEXT
);
-- The relay only ever looks at unpublished rows: keep that index small.
CREATE INDEX outbox_unpublished ON outbox (transport, id) WHERE published_at IS NULL;
CREATE INDEX outbox_published_at ON outbox (published_at) WHERE published_at IS NOT NULL;

-- Inbox: one row per (consumer, message id), written in the same transaction as the effect.
CREATE TABLE processed_message (
    consumer      TEXT        NOT NULL,
    message_id    UUID        NOT NULL,
    processed_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, message_id)
);

-- Incidents: what needs a person (retries spent, poison messages, invalid data).
CREATE TABLE incident (
    id                 UUID        PRIMARY KEY,
    kind               TEXT        NOT NULL,
    subject            TEXT,
    message            TEXT        NOT NULL,
    payload            TEXT,
    attempts           INT         NOT NULL DEFAULT 0,
    status             VARCHAR(16) NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'RESOLVED')),
    created_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    resolution_comment TEXT
);
CREATE INDEX incident_status_kind ON incident (status, kind, created_at);
CREATE INDEX incident_subject ON incident (subject);
