CREATE TABLE "action_counts" (
	"status" text PRIMARY KEY NOT NULL,
	"n" bigint NOT NULL
);
--> statement-breakpoint
INSERT INTO "action_counts" ("status", "n") SELECT "status", count(*) FROM "actions" GROUP BY "status";--> statement-breakpoint
-- Statement-level triggers: a batch of inserts or updates adjusts each status once.
-- SET search_path FROM CURRENT: the functions find this schema's tables from any session.
CREATE FUNCTION "faramesh_count_changes"() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
	INSERT INTO action_counts (status, n)
		SELECT status, sum(d) FROM (
			SELECT status, 1 AS d FROM new_rows UNION ALL SELECT status, -1 AS d FROM old_rows
		) AS changes GROUP BY status HAVING sum(d) <> 0
		ON CONFLICT (status) DO UPDATE SET n = action_counts.n + EXCLUDED.n;
	RETURN NULL;
END $$;--> statement-breakpoint
CREATE FUNCTION "faramesh_count_inserts"() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
	INSERT INTO action_counts (status, n) SELECT status, count(*) FROM new_rows GROUP BY status
		ON CONFLICT (status) DO UPDATE SET n = action_counts.n + EXCLUDED.n;
	RETURN NULL;
END $$;--> statement-breakpoint
CREATE FUNCTION "faramesh_count_deletes"() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
	INSERT INTO action_counts (status, n) SELECT status, -count(*) FROM old_rows GROUP BY status
		ON CONFLICT (status) DO UPDATE SET n = action_counts.n + EXCLUDED.n;
	RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "actions_count_insert" AFTER INSERT ON "actions"
	REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "faramesh_count_inserts"();--> statement-breakpoint
CREATE TRIGGER "actions_count_update" AFTER UPDATE ON "actions"
	REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "faramesh_count_changes"();--> statement-breakpoint
CREATE TRIGGER "actions_count_delete" AFTER DELETE ON "actions"
	REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "faramesh_count_deletes"();
