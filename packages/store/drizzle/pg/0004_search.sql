-- Search (`q`): a pg_trgm GIN index over each searched column, folded to ASCII lower case
-- exactly as the list query folds it, so `LIKE '%…%'` reads the index instead of every row.
-- The extension goes into `public` unless it is already installed (then its own schema is used).
DO $$
DECLARE
	ext_schema text;
BEGIN
	-- Stores in other schemas of this database may be migrating at the same moment.
	PERFORM pg_advisory_xact_lock(hashtext('faramesh.pg_trgm'));
	BEGIN
		CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;
	EXCEPTION WHEN undefined_file OR insufficient_privilege OR feature_not_supported THEN
		RAISE EXCEPTION 'Faramesh search needs the PostgreSQL extension pg_trgm: %', SQLERRM
			USING HINT = 'Install the server''s contrib package (postgresql-contrib) or have a superuser run CREATE EXTENSION pg_trgm SCHEMA public, then migrate again.';
	END;
	SELECT n.nspname INTO ext_schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
		WHERE e.extname = 'pg_trgm';
	EXECUTE format('CREATE INDEX actions_tool_trgm_idx ON actions USING gin (translate(tool, %L, %L) %I.gin_trgm_ops)', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz', ext_schema);
	EXECUTE format('CREATE INDEX actions_operation_trgm_idx ON actions USING gin (translate(operation, %L, %L) %I.gin_trgm_ops)', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz', ext_schema);
	EXECUTE format('CREATE INDEX actions_agent_trgm_idx ON actions USING gin (translate(agent_id, %L, %L) %I.gin_trgm_ops)', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz', ext_schema);
	EXECUTE format('CREATE INDEX actions_params_trgm_idx ON actions USING gin (translate(params, %L, %L) %I.gin_trgm_ops)', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz', ext_schema);
END $$;
