-- FerretDB 1.24 (PostgreSQL backend) pushes an equality filter down as `_jsonb->'field' @> value`,
-- which the btree indexes it creates for createIndexes cannot serve: without more, every query on
-- a collection is a sequential scan (150 ms for one document by _id among 50,000). A GIN index on
-- the same expressions serves `@>`. This file gives every btree index on FerretDB's jsonb column a
-- GIN twin: an event trigger for the indexes FerretDB creates from now on, and a pass over the
-- ones that exist already. FerretDB never sees the twins (it lists indexes from its own metadata).
-- Idempotent: applied at every `scripts/infra.sh start`.

CREATE OR REPLACE FUNCTION public.kalcifer_gin_twin(index_oid oid) RETURNS void
LANGUAGE plpgsql AS $fn$
DECLARE
  idx record;
  exprs text[] := '{}';
  k int;
BEGIN
  SELECT i.indrelid, i.indnatts, am.amname, n.nspname, t.relname AS tablename
    INTO idx
    FROM pg_index i
    JOIN pg_class c ON c.oid = i.indexrelid
    JOIN pg_am am ON am.oid = c.relam
    JOIN pg_class t ON t.oid = i.indrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace
   WHERE i.indexrelid = index_oid;
  IF NOT FOUND OR idx.amname <> 'btree' THEN
    RETURN;
  END IF;
  FOR k IN 1..idx.indnatts LOOP
    exprs := exprs || pg_get_indexdef(index_oid, k, true);
  END LOOP;
  -- Only FerretDB's field expressions: _jsonb -> 'field' or _jsonb #> '{a,b}'.
  IF EXISTS (SELECT 1 FROM unnest(exprs) e WHERE e !~ '^\(*_jsonb (->|#>) ') THEN
    RETURN;
  END IF;
  EXECUTE format(
    'CREATE INDEX IF NOT EXISTS %I ON %I.%I USING gin (%s)',
    'kgin_' || md5(idx.indrelid::text || ':' || array_to_string(exprs, ',')),
    idx.nspname,
    idx.tablename,
    (SELECT string_agg('(' || e || ')', ', ') FROM unnest(exprs) e)
  );
END
$fn$;

CREATE OR REPLACE FUNCTION public.kalcifer_gin_twin_on_ddl() RETURNS event_trigger
LANGUAGE plpgsql AS $fn$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT objid FROM pg_event_trigger_ddl_commands()
            WHERE command_tag = 'CREATE INDEX' AND object_type = 'index' LOOP
    PERFORM public.kalcifer_gin_twin(r.objid);
  END LOOP;
END
$fn$;

DROP EVENT TRIGGER IF EXISTS kalcifer_gin_twin;
CREATE EVENT TRIGGER kalcifer_gin_twin ON ddl_command_end
  WHEN TAG IN ('CREATE INDEX')
  EXECUTE FUNCTION public.kalcifer_gin_twin_on_ddl();

DO $do$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT i.indexrelid
             FROM pg_index i
             JOIN pg_class c ON c.oid = i.indexrelid
             JOIN pg_am am ON am.oid = c.relam
             JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE am.amname = 'btree'
              AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast', 'public') LOOP
    PERFORM public.kalcifer_gin_twin(r.indexrelid);
  END LOOP;
END
$do$;

-- The planner would still pick sequential scans: FerretDB's documents are TOASTed jsonb, which
-- the cost model sees as a few cheap pages, not as the decompression of every row that each
-- `_jsonb->'field'` test costs (a scan of 4,000 instances: 1.4 s). And a generic plan of
-- FerretDB's statements (`_jsonb->$1 @> $2`) can match no index at all. So, for FerretDB's
-- connections: indexes whenever one applies, and plans made with the parameters' values.
ALTER DATABASE ferretdb SET enable_seqscan = off;
ALTER DATABASE ferretdb SET plan_cache_mode = force_custom_plan;
