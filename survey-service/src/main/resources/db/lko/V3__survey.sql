-- Surveys of the applicants and their answers (seed 000 steps 16–22): the questionnaire ЛКП shows for a survey
-- link, the submissions accepted with 202, and the answers stored afterwards by survey-service's own consumer.

CREATE TABLE survey (
    id      TEXT PRIMARY KEY,             -- the surveyId a survey link's token names, e.g. 'default'
    title   TEXT NOT NULL,
    version INT  NOT NULL DEFAULT 1       -- raised by the migration that changes the questionnaire
);

CREATE TABLE survey_question (
    survey_id TEXT        NOT NULL REFERENCES survey (id),
    id        TEXT        NOT NULL,
    position  INT         NOT NULL,
    text      TEXT        NOT NULL,
    -- RATING: one integer 1..5; SINGLE_CHOICE: one choice id; MULTIPLE_CHOICE: choice ids; TEXT: one text.
    type      VARCHAR(16) NOT NULL CHECK (type IN ('SINGLE_CHOICE', 'MULTIPLE_CHOICE', 'TEXT', 'RATING')),
    required  BOOLEAN     NOT NULL,
    PRIMARY KEY (survey_id, id),
    UNIQUE (survey_id, position)
);

CREATE TABLE survey_question_choice (
    survey_id   TEXT NOT NULL,
    question_id TEXT NOT NULL,
    id          TEXT NOT NULL,
    text        TEXT NOT NULL,
    position    INT  NOT NULL,
    PRIMARY KEY (survey_id, question_id, id),
    UNIQUE (survey_id, question_id, position),
    FOREIGN KEY (survey_id, question_id) REFERENCES survey_question (survey_id, id)
);

-- One completed survey per card: the UNIQUE card_id makes a repeated or concurrent submission a 409, never a
-- second row. stored_at stays NULL until the consumer has stored the answers (steps 19–20).
CREATE TABLE survey_submission (
    submission_id        UUID        PRIMARY KEY,
    card_id              UUID        NOT NULL UNIQUE,
    token_id             UUID        NOT NULL,
    moku_organisation_id UUID        NOT NULL,
    lko_organisation_id  UUID        NOT NULL,
    survey_id            TEXT        NOT NULL REFERENCES survey (id),
    submitted_at         TIMESTAMPTZ NOT NULL,
    stored_at            TIMESTAMPTZ
);

-- The answers, one row per answered question (the seed's table name). answer_text holds a TEXT answer or a
-- RATING's digit, answer_choices the chosen ids of a SINGLE_CHOICE (one) or MULTIPLE_CHOICE question.
-- UNIQUE (submission_id, question_id): a redelivered submission stores nothing twice.
CREATE TABLE poll_question_answers (
    id                  UUID        PRIMARY KEY,
    submission_id       UUID        NOT NULL REFERENCES survey_submission (submission_id),
    card_id             UUID        NOT NULL,
    lko_organisation_id UUID        NOT NULL,
    survey_id           TEXT        NOT NULL,
    question_id         TEXT        NOT NULL,
    answer_text         TEXT,
    answer_choices      TEXT[],
    created_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (submission_id, question_id),
    FOREIGN KEY (survey_id, question_id) REFERENCES survey_question (survey_id, id),
    CHECK (answer_text IS NOT NULL OR answer_choices IS NOT NULL)
);
CREATE INDEX poll_question_answers_card ON poll_question_answers (card_id);
CREATE INDEX poll_question_answers_organisation ON poll_question_answers (lko_organisation_id);

-- The default questionnaire: the quality of the state service the applicant received.
INSERT INTO survey (id, title, version) VALUES ('default', 'Оценка качества предоставления услуги', 1);

INSERT INTO survey_question (survey_id, id, position, text, type, required) VALUES
    ('default', 'q1', 1, 'Оцените качество предоставления услуги по шкале от 1 до 5', 'RATING', TRUE),
    ('default', 'q2', 2, 'Услуга была предоставлена в установленный срок?', 'SINGLE_CHOICE', TRUE),
    ('default', 'q3', 3, 'Какие сложности возникли при получении услуги?', 'MULTIPLE_CHOICE', FALSE),
    ('default', 'q4', 4, 'Насколько вежливы и компетентны были сотрудники?', 'RATING', FALSE),
    ('default', 'q5', 5, 'Ваши замечания и предложения', 'TEXT', FALSE);

INSERT INTO survey_question_choice (survey_id, question_id, id, text, position) VALUES
    ('default', 'q2', 'yes', 'Да, в срок', 1),
    ('default', 'q2', 'late', 'Нет, с опозданием', 2),
    ('default', 'q2', 'not-yet', 'Услуга ещё не предоставлена', 3),
    ('default', 'q3', 'documents', 'Непонятно, какие документы нужны', 1),
    ('default', 'q3', 'queue', 'Долгое ожидание', 2),
    ('default', 'q3', 'portal', 'Технические проблемы на портале', 3),
    ('default', 'q3', 'status', 'Не было информации о ходе рассмотрения', 4),
    ('default', 'q3', 'other', 'Другое', 5);
