-- The analytics contract (issue 13; seed 000, block «Обновление ОКТМО Analytics»): analytics read, never write. They
-- read the views of schema `analytics`, never the tables of `lko`, through the group role `moku_analytics` (SELECT on
-- these views only). Every column of every view is documented in survey-service's README, "Analytics contract"; a
-- view's columns are only ever added to, never renamed or dropped, without a new contract version.
--
-- The views run with their owner's rights (the migrating user), so the role needs nothing in `lko`.
CREATE SCHEMA IF NOT EXISTS analytics;

-- An organisation of ЛКО with the municipality and region of its ОКТМО. The code resolves to its current record, else
-- to its latest historical one, so an organisation whose code was abolished still shows what it was
-- (oktmo_current = false). A populated place's municipality is the municipality it belongs to.
CREATE VIEW analytics.organisation AS
SELECT o.id                    AS lko_organisation_id,
       o.moku_organisation_id,
       o.name,
       o.inn,
       o.ogrn,
       o.kpp,
       o.address,
       o.oktmo,
       code.name               AS oktmo_name,
       code.kind               AS oktmo_kind,
       CASE WHEN code.oktmo IS NULL THEN NULL ELSE code.valid_to IS NULL END AS oktmo_current,
       municipality.oktmo      AS municipality_oktmo,
       municipality.name       AS municipality_name,
       municipality.kind       AS municipality_kind,
       code.region_oktmo,
       region.name             AS region_name,
       o.created_at,
       o.updated_at,
       version.id              AS directory_version
FROM lko.organisation o
LEFT JOIN LATERAL (SELECT e.oktmo, e.name, e.kind, e.parent_oktmo, e.region_oktmo, e.valid_to
                   FROM lko.oktmo_entry e
                   WHERE e.oktmo = o.oktmo
                   ORDER BY e.valid_from DESC
                   LIMIT 1) code ON true
LEFT JOIN LATERAL (SELECT e.oktmo, e.name, e.kind
                   FROM lko.oktmo_entry e
                   WHERE e.oktmo = CASE WHEN code.kind = 'POPULATED_PLACE' THEN code.parent_oktmo
                                        WHEN code.kind IN ('REGION', 'GROUP') THEN NULL
                                        ELSE code.oktmo END
                   ORDER BY e.valid_from DESC
                   LIMIT 1) municipality ON true
LEFT JOIN LATERAL (SELECT e.name
                   FROM lko.oktmo_entry e
                   WHERE e.oktmo = code.region_oktmo
                   ORDER BY e.valid_from DESC
                   LIMIT 1) region ON true
LEFT JOIN lko.oktmo_version version ON version.status = 'CURRENT';

-- Every entry of the current directory that is neither a region nor a heading (group) row: municipal districts,
-- okrugs, settlements, inter-settlement territories, populated places.
CREATE VIEW analytics.municipality AS
SELECT e.oktmo,
       e.name,
       e.kind,
       e.parent_oktmo,
       parent.name   AS parent_name,
       e.region_oktmo,
       region.name   AS region_name,
       e.centre,
       e.change_number,
       e.approved_on,
       e.introduced_on,
       e.valid_from,
       e.updated_at,
       version.id    AS directory_version
FROM lko.oktmo_entry e
LEFT JOIN lko.oktmo_entry parent ON parent.oktmo = e.parent_oktmo AND parent.valid_to IS NULL
LEFT JOIN lko.oktmo_entry region ON region.oktmo = e.region_oktmo AND region.valid_to IS NULL
LEFT JOIN lko.oktmo_version version ON version.status = 'CURRENT'
WHERE e.valid_to IS NULL
  AND e.kind NOT IN ('REGION', 'GROUP');

-- The subjects of the federation of the current directory (an autonomous okrug is a region of its own).
CREATE VIEW analytics.region AS
SELECT e.oktmo,
       e.name,
       e.centre,
       e.change_number,
       e.approved_on,
       e.introduced_on,
       e.valid_from,
       e.updated_at,
       version.id    AS directory_version
FROM lko.oktmo_entry e
LEFT JOIN lko.oktmo_version version ON version.status = 'CURRENT'
WHERE e.valid_to IS NULL
  AND e.kind = 'REGION';

-- The applicants' answers (seed 000 steps 19–20), one row per answered question, with the card and both
-- organisation ids (join analytics.organisation on lko_organisation_id for the municipality and region).
CREATE VIEW analytics.survey_answer AS
SELECT a.id                     AS answer_id,
       a.submission_id,
       a.card_id,
       a.lko_organisation_id,
       s.moku_organisation_id,
       a.survey_id,
       a.question_id,
       q.type                   AS question_type,
       a.answer_text,
       a.answer_choices,
       s.submitted_at,
       a.created_at             AS stored_at,
       version.id               AS directory_version
FROM lko.poll_question_answers a
JOIN lko.survey_submission s ON s.submission_id = a.submission_id
JOIN lko.survey_question q ON q.survey_id = a.survey_id AND q.id = a.question_id
LEFT JOIN lko.oktmo_version version ON version.status = 'CURRENT';

-- The read-only group role. Roles belong to the cluster, not the database: many databases (every test's, every
-- environment's sharing a cluster) run this migration, possibly at once, so it is created only when missing and a
-- concurrent creation is not an error. A migrating user without CREATEROLE gets a warning and no grants: ops create
-- the role and grant by hand as the README's "Analytics contract" says.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'moku_analytics') THEN
        BEGIN
            CREATE ROLE moku_analytics NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE;
        EXCEPTION
            WHEN duplicate_object OR unique_violation THEN
                NULL; -- created by a concurrent migration of another database
            WHEN insufficient_privilege THEN
                RAISE WARNING 'moku_analytics does not exist and % may not create roles: ops create it '
                    '(survey-service README, "Analytics contract")', current_user;
        END;
    END IF;
    IF EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'moku_analytics') THEN
        EXECUTE 'GRANT USAGE ON SCHEMA analytics TO moku_analytics';
        EXECUTE 'GRANT SELECT ON ALL TABLES IN SCHEMA analytics TO moku_analytics';
        EXECUTE 'ALTER DEFAULT PRIVILEGES IN SCHEMA analytics GRANT SELECT ON TABLES TO moku_analytics';
    END IF;
END
$$;
