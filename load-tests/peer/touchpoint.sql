-- One touchpoint, one durable transaction: remember the event id (a repeat changes nothing),
-- apply the payment to the receivable, bump the customer's version.
\set customer random(1, :customers)
\set event random(1, 2000000000)
BEGIN;
INSERT INTO seen (customer, event_id) VALUES (:customer, 'e' || :event) ON CONFLICT DO NOTHING;
UPDATE receivables SET amount_due = greatest(amount_due - 1, 0) WHERE customer = :customer;
UPDATE customers SET version = version + 1 WHERE id = :customer;
COMMIT;
