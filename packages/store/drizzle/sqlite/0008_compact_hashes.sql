-- Storage per action: a ledger event no longer stores prev_hash (it is the record_hash of
-- seq - 1), and every SHA-256 the store wrote as 64 lowercase hex digits becomes its 32 bytes.
-- The columns stay TEXT: SQLite keeps a BLOB in a TEXT column as it is, and any value that is
-- not such a hash (none the store writes) is left as the text it is.
ALTER TABLE `ledger_events` DROP COLUMN `prev_hash`;--> statement-breakpoint
UPDATE `ledger_events` SET `record_hash` = CASE WHEN length(`record_hash`) = 64 AND `record_hash` = lower(`record_hash`) AND unhex(`record_hash`) IS NOT NULL THEN unhex(`record_hash`) ELSE `record_hash` END;--> statement-breakpoint
UPDATE `actions` SET `approval_token` = CASE WHEN length(`approval_token`) = 64 AND `approval_token` = lower(`approval_token`) AND unhex(`approval_token`) IS NOT NULL THEN unhex(`approval_token`) ELSE `approval_token` END,
	`policy_hash` = CASE WHEN length(`policy_hash`) = 64 AND `policy_hash` = lower(`policy_hash`) AND unhex(`policy_hash`) IS NOT NULL THEN unhex(`policy_hash`) ELSE `policy_hash` END,
	`profile_hash` = CASE WHEN length(`profile_hash`) = 64 AND `profile_hash` = lower(`profile_hash`) AND unhex(`profile_hash`) IS NOT NULL THEN unhex(`profile_hash`) ELSE `profile_hash` END,
	`request_hash` = CASE WHEN length(`request_hash`) = 64 AND `request_hash` = lower(`request_hash`) AND unhex(`request_hash`) IS NOT NULL THEN unhex(`request_hash`) ELSE `request_hash` END,
	`provenance_id` = CASE WHEN length(`provenance_id`) = 64 AND `provenance_id` = lower(`provenance_id`) AND unhex(`provenance_id`) IS NOT NULL THEN unhex(`provenance_id`) ELSE `provenance_id` END;
