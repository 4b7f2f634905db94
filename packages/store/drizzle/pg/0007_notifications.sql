CREATE TABLE "notifications" (
	"id" text COLLATE "C" PRIMARY KEY NOT NULL,
	"event_seq" bigint NOT NULL,
	"action_id" text COLLATE "C" NOT NULL,
	"topic" text NOT NULL,
	"channel" text NOT NULL,
	"target" text NOT NULL,
	"status" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp (3) with time zone NOT NULL,
	"lease_owner" text,
	"lease_expires_at" timestamp (3) with time zone,
	"last_error" text,
	"receipt" text,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	"delivered_at" timestamp (3) with time zone,
	CONSTRAINT "notifications_status_check" CHECK ("notifications"."status" in ('pending', 'delivered', 'dead')),
	CONSTRAINT "notifications_channel_check" CHECK ("notifications"."channel" in ('webhook', 'slack'))
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"seq" bigint PRIMARY KEY NOT NULL,
	"action_id" text COLLATE "C" NOT NULL,
	"topic" text NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhooks" (
	"id" text COLLATE "C" PRIMARY KEY NOT NULL,
	"url" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"event_types" text NOT NULL,
	"secret" text NOT NULL,
	"previous_secret" text,
	"previous_secret_expires_at" timestamp (3) with time zone,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "ledger_events" DROP CONSTRAINT "ledger_events_type_check";--> statement-breakpoint
ALTER TABLE "actions" ADD COLUMN "approvals_required" integer;--> statement-breakpoint
ALTER TABLE "actions" ADD COLUMN "approvers" text;--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_event_target_idx" ON "notifications" USING btree ("event_seq","channel","target");--> statement-breakpoint
CREATE INDEX "notifications_due_idx" ON "notifications" USING btree ("next_attempt_at") WHERE "notifications"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "notifications_action_idx" ON "notifications" USING btree ("action_id");--> statement-breakpoint
ALTER TABLE "ledger_events" ADD CONSTRAINT "ledger_events_type_check" CHECK ("ledger_events"."event_type" in ('created', 'decision_made', 'approval_recorded', 'approved', 'denied', 'approval_rejected', 'expired', 'started', 'succeeded', 'failed', 'timeout', 'grant_created', 'grant_revoked', 'grant_used'));