DROP INDEX `actions_status_expiry_idx`;--> statement-breakpoint
DROP INDEX `actions_agent_idx`;--> statement-breakpoint
DROP INDEX `actions_tool_idx`;--> statement-breakpoint
ALTER TABLE `actions` ADD `seq` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Existing actions take the seq of their created event (0 if they have none).
UPDATE actions SET seq = COALESCE((SELECT e.seq FROM ledger_events e WHERE e.action_id = actions.id AND e.event_type = 'created'), 0);--> statement-breakpoint
CREATE INDEX `actions_seq_idx` ON `actions` (`seq`);--> statement-breakpoint
CREATE INDEX `actions_status_seq_idx` ON `actions` (`status`,`seq`);--> statement-breakpoint
CREATE INDEX `actions_agent_seq_idx` ON `actions` (`agent_id`,`seq`);--> statement-breakpoint
CREATE INDEX `actions_tool_seq_idx` ON `actions` (`tool`,`seq`);--> statement-breakpoint
CREATE INDEX `actions_decision_seq_idx` ON `actions` (`decision`,`seq`);--> statement-breakpoint
CREATE INDEX `actions_risk_seq_idx` ON `actions` (`risk_level`,`seq`);--> statement-breakpoint
CREATE INDEX `actions_due_idx` ON `actions` (`approval_expires_at`) WHERE "actions"."status" = 'pending_approval';