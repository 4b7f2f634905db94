-- Standing grants, grant events in the ledger, the agent's group and reason on actions, and an
-- index of the people's decisions for approval insights. Event ids lose their unique index: nothing
-- looks events up by id, and the chain's hashes already cover each one.
CREATE TABLE `grants` (
	`id` text PRIMARY KEY NOT NULL,
	`agent_id` text NOT NULL,
	`tool` text NOT NULL,
	`operation` text NOT NULL,
	`request_hash` text,
	`match` text,
	`expires_at` text,
	`max_uses` integer,
	`uses` integer DEFAULT 0 NOT NULL,
	`reason` text,
	`created_by` text NOT NULL,
	`source_action_id` text,
	`rule_id` text,
	`created_at` text NOT NULL,
	`revoked_at` text,
	`revoked_by` text
);
--> statement-breakpoint
CREATE INDEX `grants_live_tool_idx` ON `grants` (`tool`) WHERE "grants"."revoked_at" IS NULL;--> statement-breakpoint
CREATE INDEX `grants_created_idx` ON `grants` (`created_at`);--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_ledger_events` (
	`seq` integer PRIMARY KEY NOT NULL,
	`id` text NOT NULL,
	`action_id` text NOT NULL,
	`event_type` text NOT NULL,
	`meta` text NOT NULL,
	`created_at` text NOT NULL,
	`prev_hash` text,
	`record_hash` text NOT NULL,
	CONSTRAINT "ledger_events_type_check" CHECK("__new_ledger_events"."event_type" in ('created', 'decision_made', 'approved', 'denied', 'approval_rejected', 'expired', 'started', 'succeeded', 'failed', 'timeout', 'grant_created', 'grant_revoked', 'grant_used'))
);
--> statement-breakpoint
INSERT INTO `__new_ledger_events`("seq", "id", "action_id", "event_type", "meta", "created_at", "prev_hash", "record_hash") SELECT "seq", "id", "action_id", "event_type", "meta", "created_at", "prev_hash", "record_hash" FROM `ledger_events`;--> statement-breakpoint
DROP TABLE `ledger_events`;--> statement-breakpoint
ALTER TABLE `__new_ledger_events` RENAME TO `ledger_events`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `ledger_events_action_idx` ON `ledger_events` (`action_id`,`seq`);--> statement-breakpoint
CREATE INDEX `ledger_events_decided_idx` ON `ledger_events` (`created_at`) WHERE "ledger_events"."event_type" in ('approved', 'denied', 'expired');--> statement-breakpoint
ALTER TABLE `actions` ADD `group_id` text;--> statement-breakpoint
ALTER TABLE `actions` ADD `agent_reason` text;--> statement-breakpoint
CREATE INDEX `actions_group_seq_idx` ON `actions` (`group_id`,`seq`) WHERE "actions"."group_id" IS NOT NULL;