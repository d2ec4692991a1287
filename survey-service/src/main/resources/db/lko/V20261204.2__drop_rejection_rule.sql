-- The 422 fault injector left survey-service (production code holds no test helpers): tests and rehearsals put the
-- ЛКО fault proxy of the simulators module (ru.moku.simulators.lko) in front of ЛКО instead. Its rules lived here.
DROP TABLE IF EXISTS rejection_rule;
