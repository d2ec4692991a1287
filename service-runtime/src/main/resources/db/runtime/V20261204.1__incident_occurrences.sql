-- One open incident per kind and subject: a failure that happens again to the same subject (a party that keeps
-- failing its lookup, a card re-driven into the same refusal) counts on the open incident instead of opening another.
ALTER TABLE incident
    ADD COLUMN occurrences      INT         NOT NULL DEFAULT 1,
    ADD COLUMN last_occurred_at TIMESTAMPTZ NOT NULL DEFAULT now();

UPDATE incident SET last_occurred_at = created_at;
UPDATE incident SET subject = '' WHERE subject IS NULL;
ALTER TABLE incident ALTER COLUMN subject SET DEFAULT '', ALTER COLUMN subject SET NOT NULL;

-- Open duplicates from before this rule fold into the newest one: it takes their count, they are resolved.
WITH ranked AS (
    SELECT id, kind, subject,
           row_number() OVER (PARTITION BY kind, subject ORDER BY created_at DESC, id DESC) AS n,
           count(*) OVER (PARTITION BY kind, subject) AS total
    FROM incident WHERE status = 'OPEN'
)
UPDATE incident i SET occurrences = r.total
FROM ranked r WHERE i.id = r.id AND r.n = 1 AND r.total > 1;

WITH ranked AS (
    SELECT id, row_number() OVER (PARTITION BY kind, subject ORDER BY created_at DESC, id DESC) AS n
    FROM incident WHERE status = 'OPEN'
)
UPDATE incident i
SET status = 'RESOLVED', updated_at = now(),
    resolution_comment = 'merged: counted by the newest open incident of the same kind and subject'
FROM ranked r WHERE i.id = r.id AND r.n > 1;

CREATE UNIQUE INDEX incident_open_kind_subject ON incident (kind, subject) WHERE status = 'OPEN';
-- Keyset paging of the operator list: newest first, id breaks ties.
CREATE INDEX incident_created_id ON incident (created_at DESC, id DESC);
