CREATE TABLE "actions" (
	"id" text COLLATE "C" PRIMARY KEY NOT NULL,
	"agent_id" text NOT NULL,
	"tool" text NOT NULL,
	"operation" text NOT NULL,
	"params" text NOT NULL,
	"context" text NOT NULL,
	"status" text NOT NULL,
	"decision" text NOT NULL,
	"reason" text NOT NULL,
	"risk_level" text NOT NULL,
	"approval_token" text,
	"policy_version" text NOT NULL,
	"policy_hash" text NOT NULL,
	"profile_id" text,
	"profile_version" text,
	"profile_hash" text,
	"runtime_version" text NOT NULL,
	"request_hash" text NOT NULL,
	"provenance_id" text NOT NULL,
	"outcome" text NOT NULL,
	"reason_code" text NOT NULL,
	"reason_details" text NOT NULL,
	"approval_expires_at" timestamp (3) with time zone,
	"result" text,
	"error" text,
	"redacted" boolean DEFAULT false NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "actions_status_check" CHECK ("actions"."status" in ('allowed', 'denied', 'pending_approval', 'approved', 'expired', 'executing', 'succeeded', 'failed', 'timeout')),
	CONSTRAINT "actions_decision_check" CHECK ("actions"."decision" in ('allow', 'deny', 'require_approval')),
	CONSTRAINT "actions_outcome_check" CHECK ("actions"."outcome" in ('EXECUTE', 'ABSTAIN', 'HALT')),
	CONSTRAINT "actions_risk_level_check" CHECK ("actions"."risk_level" in ('low', 'medium', 'high'))
);
--> statement-breakpoint
CREATE TABLE "ledger_events" (
	"seq" bigint PRIMARY KEY NOT NULL,
	"id" text COLLATE "C" NOT NULL,
	"action_id" text COLLATE "C" NOT NULL,
	"event_type" text NOT NULL,
	"meta" text NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"prev_hash" text,
	"record_hash" text NOT NULL,
	CONSTRAINT "ledger_events_id_unique" UNIQUE("id"),
	CONSTRAINT "ledger_events_type_check" CHECK ("ledger_events"."event_type" in ('created', 'decision_made', 'approved', 'denied', 'approval_rejected', 'expired', 'started', 'succeeded', 'failed', 'timeout'))
);
--> statement-breakpoint
CREATE TABLE "ledger_head" (
	"id" integer PRIMARY KEY NOT NULL,
	"seq" bigint NOT NULL,
	"record_hash" text,
	CONSTRAINT "ledger_head_single_row" CHECK ("ledger_head"."id" = 1)
);
--> statement-breakpoint
CREATE INDEX "actions_status_expiry_idx" ON "actions" USING btree ("status","approval_expires_at");--> statement-breakpoint
CREATE INDEX "actions_agent_idx" ON "actions" USING btree ("agent_id","id");--> statement-breakpoint
CREATE INDEX "actions_tool_idx" ON "actions" USING btree ("tool","id");--> statement-breakpoint
CREATE INDEX "ledger_events_action_idx" ON "ledger_events" USING btree ("action_id","seq");