-- Attachments of SMEV messages (issue 10): one header row per declared attachment, its content in chunks.
-- MTOM and inline contents are stored in the intake's transaction (status STORED); a file on SMEV's file storage
-- (FSAttachmentsList) is recorded PENDING there and fetched later (FETCHED, or UNAVAILABLE when the attempts
-- are spent). Mirrored by attachments/AttachmentKind and AttachmentStatus.
CREATE TABLE attachment (
    id              UUID        PRIMARY KEY,
    -- Deferred: the intake may store the attachments before or after the raw message row, in one transaction.
    raw_message_id  UUID        NOT NULL REFERENCES raw_message (id) DEFERRABLE INITIALLY DEFERRED,
    kind            VARCHAR(8)  NOT NULL CHECK (kind IN ('MTOM', 'INLINE', 'FS')),
    -- AttachmentHeader/contentId (MTOM, INLINE) or RefAttachmentHeader/uuid (FS)
    content_id      TEXT        NOT NULL,
    file_name       TEXT,
    mime_type       TEXT        NOT NULL,
    namespace_uri   TEXT,
    -- the detached PKCS#7 (CMS) signature as declared, checked against the content
    signature_pkcs7 BYTEA,
    -- FS: RefAttachmentHeader/Hash as declared (base64 of the GOST R 34.11-2012 256-bit digest)
    declared_hash   TEXT,
    -- FS: FSAttachment's per-file credentials on the file storage; cleared once the file is fetched
    fs_user         TEXT,
    fs_password     TEXT,
    fs_file_name    TEXT,
    -- of the stored content: bytes, base64 of its GOST R 34.11-2012 256-bit digest, the PKCS#7 signer's subject
    size            BIGINT,
    digest          TEXT,
    signer          TEXT,
    status          VARCHAR(12) NOT NULL CHECK (status IN ('STORED', 'PENDING', 'FETCHED', 'UNAVAILABLE')),
    -- FS fetch: attempts made, when the next may start (also the lease of an attempt in progress), why the last failed
    attempts        INT         NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ,
    last_error      TEXT,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (raw_message_id, content_id)
);
-- The fetcher only looks at pending files that are due.
CREATE INDEX attachment_fetch_due ON attachment (next_attempt_at) WHERE status = 'PENDING';

-- The content, in chunks of moku.gateway.attachments.chunk-size bytes (seq 0, 1, …), so that neither storing nor
-- serving an attachment holds more than a chunk in memory. An object store can replace this table behind
-- AttachmentStore.
CREATE TABLE attachment_chunk (
    attachment_id UUID  NOT NULL REFERENCES attachment (id) ON DELETE CASCADE,
    seq           INT   NOT NULL,
    data          BYTEA NOT NULL,
    PRIMARY KEY (attachment_id, seq)
);
