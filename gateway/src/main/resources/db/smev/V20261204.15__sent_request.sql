-- Our SendRequests that SMEV accepted (seed 000 step 15), so that SMEV's later word about one of them — an
-- AsyncProcessingStatus or a RequestRejected whose OriginalMessageId is our MessageID — finds its card.
CREATE TABLE sent_request (
    message_id TEXT        PRIMARY KEY,      -- SenderProvidedRequestData/MessageID of our SendRequest
    card_id    UUID        NOT NULL,
    purpose    VARCHAR(32) NOT NULL,         -- SURVEY_LINK: the only request the gateway sends today
    sent_at    TIMESTAMPTZ NOT NULL          -- when SMEV accepted it
);
CREATE INDEX sent_request_card ON sent_request (card_id);
