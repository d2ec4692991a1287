-- SMEV answers without service data (issue 10): RequestRejected, RequestStatus ("BusinessDataRejected") and
-- AsyncProcessingStatus. Their raw message gets status 4 (ANSWER: recorded, acknowledged, never a card);
-- what the answer says is kept in smev_answer. Codes are mirrored by RawMessageStatus and AnswerKind.
ALTER TABLE raw_message DROP CONSTRAINT raw_message_status_check;
ALTER TABLE raw_message ADD CONSTRAINT raw_message_status_check
    CHECK (status IN (0, 1, -1, 2, -2, 3, -3, 4));

CREATE TABLE smev_answer (
    raw_message_id      UUID        PRIMARY KEY REFERENCES raw_message (id),
    kind                VARCHAR(32) NOT NULL
        CHECK (kind IN ('REQUEST_REJECTED', 'REQUEST_STATUS', 'ASYNC_PROCESSING_STATUS')),
    -- the message answered: AsyncProcessingStatus/OriginalMessageId, else Response/OriginalMessageId; NULL if none
    original_message_id TEXT,
    -- RejectionReasonCode, StatusCode or StatusCategory
    code                TEXT        NOT NULL,
    description         TEXT,
    received_at         TIMESTAMPTZ NOT NULL DEFAULT now()
);
-- AnswerEffects and operators look answers up by the message they answer (e.g. our SendRequest's MessageID).
CREATE INDEX smev_answer_original ON smev_answer (original_message_id);
