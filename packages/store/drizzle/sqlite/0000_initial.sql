CREATE TABLE `actions` (
	`id` text PRIMARY KEY NOT NULL,
	`agent_id` text NOT NULL,
	`tool` text NOT NULL,
	`operation` text NOT NULL,
	`params` text NOT NULL,
	`context` text NOT NULL,
	`status` text NOT NULL,
	`decision` text NOT NULL,
	`reason` text NOT NULL,
	`risk_level` text NOT NULL,
	`approval_token` text,
	`policy_version` text NOT NULL,
	`policy_hash` text NOT NULL,
	`profile_id` text,
	`profile_version` text,
	`profile_hash` text,
	`runtime_version` text NOT NULL,
	`request_hash` text NOT NULL,
	`provenance_id` text NOT NULL,
	`outcome` text NOT NULL,
	`reason_code` text NOT NULL,
	`reason_details` text NOT NULL,
	`approval_expires_at` text,
	`result` text,
	`error` text,
	`redacted` integer DEFAULT false NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	CONSTRAINT "actions_status_check" CHECK("actions"."status" in ('allowed', 'denied', 'pending_approval', 'approved', 'expired', 'executing', 'succeeded', 'failed', 'timeout')),
	CONSTRAINT "actions_decision_check" CHECK("actions"."decision" in ('allow', 'deny', 'require_approval')),
	CONSTRAINT "actions_outcome_check" CHECK("actions"."outcome" in ('EXECUTE', 'ABSTAIN', 'HALT')),
	CONSTRAINT "actions_risk_level_check" CHECK("actions"."risk_level" in ('low', 'medium', 'high'))
);
--> statement-breakpoint
CREATE INDEX `actions_status_expiry_idx` ON `actions` (`status`,`approval_expires_at`);--> statement-breakpoint
CREATE INDEX `actions_agent_idx` ON `actions` (`agent_id`,`id`);--> statement-breakpoint
CREATE INDEX `actions_tool_idx` ON `actions` (`tool`,`id`);--> statement-breakpoint
CREATE TABLE `ledger_events` (
	`seq` integer PRIMARY KEY NOT NULL,
	`id` text NOT NULL,
	`action_id` text NOT NULL,
	`event_type` text NOT NULL,
	`meta` text NOT NULL,
	`created_at` text NOT NULL,
	`prev_hash` text,
	`record_hash` text NOT NULL,
	CONSTRAINT "ledger_events_type_check" CHECK("ledger_events"."event_type" in ('created', 'decision_made', 'approved', 'denied', 'approval_rejected', 'expired', 'started', 'succeeded', 'failed', 'timeout'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ledger_events_id_unique` ON `ledger_events` (`id`);--> statement-breakpoint
CREATE INDEX `ledger_events_action_idx` ON `ledger_events` (`action_id`,`seq`);--> statement-breakpoint
CREATE TABLE `ledger_head` (
	`id` integer PRIMARY KEY NOT NULL,
	`seq` integer NOT NULL,
	`record_hash` text,
	CONSTRAINT "ledger_head_single_row" CHECK("ledger_head"."id" = 1)
);
