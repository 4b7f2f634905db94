CREATE TABLE `notifications` (
	`id` text PRIMARY KEY NOT NULL,
	`event_seq` integer NOT NULL,
	`action_id` text NOT NULL,
	`topic` text NOT NULL,
	`channel` text NOT NULL,
	`target` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` text NOT NULL,
	`lease_owner` text,
	`lease_expires_at` text,
	`last_error` text,
	`receipt` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`delivered_at` text,
	CONSTRAINT "notifications_status_check" CHECK("notifications"."status" in ('pending', 'delivered', 'dead')),
	CONSTRAINT "notifications_channel_check" CHECK("notifications"."channel" in ('webhook', 'slack'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `notifications_event_target_idx` ON `notifications` (`event_seq`,`channel`,`target`);--> statement-breakpoint
CREATE INDEX `notifications_due_idx` ON `notifications` (`next_attempt_at`) WHERE "notifications"."status" = 'pending';--> statement-breakpoint
CREATE INDEX `notifications_action_idx` ON `notifications` (`action_id`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`seq` integer PRIMARY KEY NOT NULL,
	`action_id` text NOT NULL,
	`topic` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `webhooks` (
	`id` text PRIMARY KEY NOT NULL,
	`url` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`event_types` text NOT NULL,
	`secret` text NOT NULL,
	`previous_secret` text,
	`previous_secret_expires_at` text,
	`enabled` integer DEFAULT true NOT NULL,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
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
	CONSTRAINT "ledger_events_type_check" CHECK("__new_ledger_events"."event_type" in ('created', 'decision_made', 'approval_recorded', 'approved', 'denied', 'approval_rejected', 'expired', 'started', 'succeeded', 'failed', 'timeout', 'grant_created', 'grant_revoked', 'grant_used'))
);
--> statement-breakpoint
INSERT INTO `__new_ledger_events`("seq", "id", "action_id", "event_type", "meta", "created_at", "prev_hash", "record_hash") SELECT "seq", "id", "action_id", "event_type", "meta", "created_at", "prev_hash", "record_hash" FROM `ledger_events`;--> statement-breakpoint
DROP TABLE `ledger_events`;--> statement-breakpoint
ALTER TABLE `__new_ledger_events` RENAME TO `ledger_events`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `ledger_events_action_idx` ON `ledger_events` (`action_id`,`seq`);--> statement-breakpoint
CREATE INDEX `ledger_events_decided_idx` ON `ledger_events` (`created_at`) WHERE "ledger_events"."event_type" in ('approved', 'denied', 'expired');--> statement-breakpoint
ALTER TABLE `actions` ADD `approvals_required` integer;--> statement-breakpoint
ALTER TABLE `actions` ADD `approvers` text;