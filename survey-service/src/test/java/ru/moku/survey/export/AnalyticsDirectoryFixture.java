package ru.moku.survey.export;

import ru.moku.runtime.testing.TestDatabase;

/**
 * A small directory written straight into {@code lko.oktmo_version} / {@code lko.oktmo_entry} (the loader is another
 * part of issue 13): version 1 superseded by version 2 (current). Moscow with an okrug and a populated place in it;
 * the Tyumen oblast and the Khanty-Mansi autonomous okrug, a region of its own though its codes share the oblast's
 * first two digits; {@code 45399000} held in version 1 only (abolished), and {@code 71100000} renamed by version 2.
 */
final class AnalyticsDirectoryFixture {

    static final String ABOLISHED = "45399000";

    private AnalyticsDirectoryFixture() {
    }

    static void insert(TestDatabase database) {
        database.update("""
                INSERT INTO lko.oktmo_version (id, status, file_name, sha256, change_number, effective_date,
                                              loaded_at)
                OVERRIDING SYSTEM VALUE VALUES
                    (1, 'SUPERSEDED', 'data-1.csv', repeat('a', 64), 900, DATE '2026-01-01', now()),
                    (2, 'CURRENT', 'data-2.csv', repeat('b', 64), 901, DATE '2026-06-01', now());
                INSERT INTO lko.oktmo_entry (oktmo, valid_from, valid_to, kind, name, parent_oktmo, region_oktmo,
                                             centre, change_number, approved_on, introduced_on) VALUES
                    ('45000000', 1, NULL, 'REGION', 'Город Москва', NULL, '45000000', NULL, 900, NULL, NULL),
                    ('45300000', 1, NULL, 'GROUP', 'Муниципальные образования города Москвы', NULL, '45000000', NULL,
                     900, NULL, NULL),
                    ('45382000', 1, NULL, 'MUNICIPAL_OKRUG', 'муниципальный округ Хамовники', NULL, '45000000', NULL,
                     900, DATE '2025-12-01', DATE '2026-01-01'),
                    ('45382000101', 1, NULL, 'POPULATED_PLACE', 'Хамовники, "центр", квартал', '45382000',
                     '45000000', NULL, 900, NULL, NULL),
                    ('45399000', 1, 2, 'MUNICIPAL_OKRUG', 'муниципальный округ Упразднённый', NULL, '45000000', NULL,
                     900, NULL, NULL),
                    ('71000000', 1, NULL, 'REGION', 'Тюменская область', NULL, '71000000', 'г Тюмень', 900, NULL,
                     NULL),
                    ('71701000', 1, NULL, 'URBAN_OKRUG', 'город Тюмень', NULL, '71000000', NULL, 900, NULL, NULL),
                    ('71800000', 1, NULL, 'REGION', 'Ханты-Мансийский автономный округ - Югра', NULL, '71800000',
                     'г Ханты-Мансийск', 900, NULL, NULL),
                    ('71100000', 1, 2, 'URBAN_OKRUG', 'город Ханты-Мансийск (старое)', NULL, '71800000', NULL, 900,
                     NULL, NULL),
                    ('71100000', 2, NULL, 'URBAN_OKRUG', 'город Ханты-Мансийск', NULL, '71800000', NULL, 901, NULL,
                     NULL)""");
    }
}
