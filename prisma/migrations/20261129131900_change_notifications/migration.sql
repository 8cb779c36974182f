-- Change notifications: after every statement that writes one of these tables, PostgreSQL sends
-- the table's name on the channel `ndest_changes` when the transaction commits (one notification
-- per table and transaction: identical payloads are folded). API processes LISTEN and drop the
-- cached reads of that table, so a change made by any process (a worker, another API) shows at once
-- without a query per request.
CREATE OR REPLACE FUNCTION ndest_notify_change() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('ndest_changes', TG_TABLE_NAME);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY[
    'Delegation', 'DelegationEvent', 'CandidateSnapshot', 'Round', 'RoundSelection', 'RoundBatch',
    'EraStat', 'Payout', 'ServiceState', 'ChainEventRecord'
  ] LOOP
    EXECUTE format(
      'CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION ndest_notify_change()',
      t || '_notify_change', t
    );
  END LOOP;
END;
$$;
