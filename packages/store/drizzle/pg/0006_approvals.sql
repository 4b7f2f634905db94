-- Standing grants, grant events in the ledger, the agent's group and reason on actions, and an
-- index of the people's decisions for approval insights. Event ids lose their unique index: nothing
-- looks events up by id, and the chain's hashes already cover each one.
CREATE TABLE "grants" (
	"id" text COLLATE "C" PRIMARY KEY NOT NULL,
	"agent_id" text NOT NULL,
	"tool" text NOT NULL,
	"operation" text NOT NULL,
	"request_hash" text,
	"match" text,
	"expires_at" timestamp (3) with time zone,
	"max_uses" integer,
	"uses" integer DEFAULT 0 NOT NULL,
	"reason" text,
	"created_by" text NOT NULL,
	"source_action_id" text COLLATE "C",
	"rule_id" text,
	"created_at" timestamp (3) with time zone NOT NULL,
	"revoked_at" timestamp (3) with time zone,
	"revoked_by" text
);
--> statement-breakpoint
ALTER TABLE "ledger_events" DROP CONSTRAINT "ledger_events_id_unique";--> statement-breakpoint
ALTER TABLE "ledger_events" DROP CONSTRAINT "ledger_events_type_check";--> statement-breakpoint
ALTER TABLE "actions" ADD COLUMN "group_id" text;--> statement-breakpoint
ALTER TABLE "actions" ADD COLUMN "agent_reason" text;--> statement-breakpoint
CREATE INDEX "grants_live_tool_idx" ON "grants" USING btree ("tool") WHERE "grants"."revoked_at" IS NULL;--> statement-breakpoint
CREATE INDEX "grants_created_idx" ON "grants" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "actions_group_seq_idx" ON "actions" USING btree ("group_id","seq") WHERE "actions"."group_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "ledger_events_decided_idx" ON "ledger_events" USING btree ("created_at") WHERE "ledger_events"."event_type" in ('approved', 'denied', 'expired');--> statement-breakpoint
ALTER TABLE "ledger_events" ADD CONSTRAINT "ledger_events_type_check" CHECK ("ledger_events"."event_type" in ('created', 'decision_made', 'approved', 'denied', 'approval_rejected', 'expired', 'started', 'succeeded', 'failed', 'timeout', 'grant_created', 'grant_revoked', 'grant_used'));