-- The effect of the test application's handler: one row per handling that committed. No unique key
-- on purpose, so that a message taking effect twice shows up as a second row.
CREATE TABLE test_effect (
    id          BIGSERIAL   PRIMARY KEY,
    card_id     UUID        NOT NULL,
    message_id  UUID        NOT NULL,
    note        TEXT,
    handled_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX test_effect_card ON test_effect (card_id);
