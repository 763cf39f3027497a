-- A command's saved response is only ever read back whole (a retry gets it again), never
-- queried inside: it is kept as the JSON text it was written as (json, not jsonb), so a large
-- one (an intake batch's 1,000 rows with their likely duplicates and why, about 7 MB) is not
-- parsed into jsonb on every write, and compressed with lz4 where the server has it
-- (PostgreSQL 14 and later built with lz4; PGlite has only pglz). The values are the same.
ALTER TABLE command ALTER COLUMN response TYPE json USING response::json;
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)) THEN
    ALTER TABLE command ALTER COLUMN response SET COMPRESSION lz4;
  END IF;
END
$$;
