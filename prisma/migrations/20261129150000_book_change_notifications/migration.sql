-- The pools' and collectives' books announce their writes too (see 20261129131900_change_notifications):
-- the book-difference gauges are read again when a reconciliation writes them, not at each scrape.
CREATE TRIGGER "PoolBook_notify_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "PoolBook"
  FOR EACH STATEMENT EXECUTE FUNCTION ndest_notify_change();
CREATE TRIGGER "CollectiveBook_notify_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "CollectiveBook"
  FOR EACH STATEMENT EXECUTE FUNCTION ndest_notify_change();
