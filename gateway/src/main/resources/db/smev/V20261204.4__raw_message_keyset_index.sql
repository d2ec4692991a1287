-- The operator list pages by keyset, newest first: ORDER BY received_at DESC, id DESC with
-- WHERE (received_at, id) < (:at, :id). An index on both columns serves every page without sorting.
CREATE INDEX raw_message_keyset ON raw_message (received_at DESC, id DESC);
DROP INDEX raw_message_received_at;
