-- The code an organisation's ОКТМО stands for today: a code the directory abolished and a change record mapped to a
-- new one (oktmo_change.replaced_by) is followed to that one, through later abolitions too, until a code that is
-- current or has no successor. ЛКО stores this on create and on update, so an update from ПОС.ОС that still carries
-- an abolished code (ПОС.ОС and qal keep the code Dadata gave) never undoes the directory's remap of that organisation.
CREATE FUNCTION oktmo_successor(code TEXT) RETURNS TEXT
    LANGUAGE sql STABLE AS
$$
WITH RECURSIVE chain (oktmo, depth) AS (
    SELECT code, 0
    UNION ALL
    SELECT (SELECT c.replaced_by
            FROM oktmo_change c
            WHERE c.oktmo = chain.oktmo AND c.change = 'ABOLISHED' AND c.replaced_by IS NOT NULL
            ORDER BY c.version_id DESC
            LIMIT 1),
           chain.depth + 1
    FROM chain
    WHERE chain.oktmo IS NOT NULL
      AND chain.depth < 16
      AND NOT EXISTS (SELECT 1 FROM oktmo_entry e WHERE e.oktmo = chain.oktmo AND e.valid_to IS NULL))
SELECT oktmo FROM chain WHERE oktmo IS NOT NULL ORDER BY depth DESC LIMIT 1
$$;
