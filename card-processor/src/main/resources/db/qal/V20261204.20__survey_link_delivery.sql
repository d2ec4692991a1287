-- What SMEV said about the SendRequest that carried a card's survey link (AsyncProcessingStatus, RequestRejected),
-- relayed by the gateway as SurveyLinkDelivery.

-- The link's current delivery: a final word (DELIVERED, REFUSED) is never replaced by a later one; PENDING is.
ALTER TABLE survey_link
    ADD COLUMN delivery_status    TEXT,          -- SMEV's StatusCategory (messageIsDelivered, …) or RejectionReasonCode
    ADD COLUMN delivery_outcome   VARCHAR(16) CHECK (delivery_outcome IN ('DELIVERED', 'REFUSED', 'PENDING')),
    ADD COLUMN delivery_details   TEXT,
    ADD COLUMN delivery_status_at TIMESTAMPTZ,   -- when the gateway received that status
    ADD COLUMN delivered_at       TIMESTAMPTZ;   -- when the gateway learnt the link reached ЛК ЕПГУ

-- Every status received, in order, for the card's timeline.
CREATE TABLE survey_link_delivery (
    id              BIGSERIAL   PRIMARY KEY,
    card_id         UUID        NOT NULL REFERENCES service_card (id),
    smev_message_id TEXT        NOT NULL,
    status          TEXT        NOT NULL,
    outcome         VARCHAR(16) NOT NULL,
    details         TEXT,
    received_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX survey_link_delivery_card ON survey_link_delivery (card_id, received_at);
