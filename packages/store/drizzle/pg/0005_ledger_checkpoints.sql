-- Signed checkpoints of the ledger head (Ed25519); the key itself never enters the database.
CREATE TABLE "ledger_checkpoints" (
	"seq" bigint NOT NULL,
	"key_id" text NOT NULL,
	"record_hash" text,
	"created_at" timestamp (3) with time zone NOT NULL,
	"signature" text NOT NULL,
	CONSTRAINT "ledger_checkpoints_seq_key_id_pk" PRIMARY KEY("seq","key_id")
);
