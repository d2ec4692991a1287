-- Outbox rows that fail to publish back off on their own, and are parked once they cannot be published.
-- next_attempt_at: NULL = due now (every new row); a time = backing off after a failure (attempts, last_error say
-- why); 'infinity' = parked: refused for good or out of attempts, an OUTBOX_UNPUBLISHABLE incident is open, and
-- re-driving it sets the row due again. The relay skips rows that are not due, so a stuck row never blocks the rest.
ALTER TABLE outbox ADD COLUMN next_attempt_at TIMESTAMPTZ;

-- Rows that failed at least once: few, looked up by key (a Kafka key's later rows wait behind a failing one).
CREATE INDEX outbox_failing ON outbox (transport, routing_key, id)
    WHERE published_at IS NULL AND next_attempt_at IS NOT NULL;
