-- Signed checkpoints of the ledger head (Ed25519); the key itself never enters the database.
CREATE TABLE `ledger_checkpoints` (
	`seq` integer NOT NULL,
	`key_id` text NOT NULL,
	`record_hash` text,
	`created_at` text NOT NULL,
	`signature` text NOT NULL,
	PRIMARY KEY(`seq`, `key_id`)
);
