-- The survey loop (seed 000 steps 12–22): the link sent to the applicant, and the fact that the survey was completed.

-- One survey link per card: the signed token's id and the link, when SMEV accepted the notification carrying it.
CREATE TABLE survey_link (
    card_id          UUID        PRIMARY KEY REFERENCES service_card (id),
    token_id         UUID        NOT NULL,
    survey_id        TEXT        NOT NULL,
    link             TEXT        NOT NULL,
    issued_at        TIMESTAMPTZ NOT NULL,
    expires_at       TIMESTAMPTZ NOT NULL,
    sent_at          TIMESTAMPTZ,             -- SMEV accepted the notification (step 15)
    smev_message_id  TEXT                     -- of our SendRequest
);

-- МОКУ.QAL's register of completed surveys (steps 21–22): which survey of which card was answered, stored in ЛКО.
CREATE TABLE poll_answer_registers (
    submission_id       UUID        PRIMARY KEY,
    card_id             UUID        NOT NULL REFERENCES service_card (id),
    survey_id           TEXT        NOT NULL,
    lko_organisation_id UUID,
    answers             INT         NOT NULL,
    completed_at        TIMESTAMPTZ NOT NULL,
    registered_at       TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX poll_answer_registers_card ON poll_answer_registers (card_id);
