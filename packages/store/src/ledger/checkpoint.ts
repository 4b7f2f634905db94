import { createPublicKey, type KeyObject, sign, verify } from "node:crypto";
import { canonicalize, sha256Hex } from "@faramesh/policy-engine/canonical";
import type { ChainHead } from "./chain.js";

/**
 * A signed statement that the ledger's chain reached `seq` with `record_hash` at `created_at`.
 * Kept by the store and by auditors elsewhere; a chain rewritten and rehashed, or cut short,
 * no longer leads to it.
 */
export interface LedgerCheckpoint {
  seq: number;
  /** The `record_hash` of the event at `seq` (null for the empty ledger, seq 0). */
  record_hash: string | null;
  created_at: string;
  /** Lowercase hex SHA-256 of the signing key's public key (SPKI DER). */
  key_id: string;
  /** Ed25519 signature of {@link checkpointMessage}, base64. */
  signature: string;
}

/** What a checkpoint's signature covers, apart from the signature itself. */
export type CheckpointFields = Omit<LedgerCheckpoint, "signature">;

/** Names the signed statement so a signature made for anything else never passes as one. */
const STATEMENT = "faramesh.ledger.checkpoint/1";

/**
 * The signed bytes: the UTF-8 canonical JSON (SPEC 3) of
 * `{"created_at","key_id","record_hash","seq","statement":"faramesh.ledger.checkpoint/1"}`.
 */
export function checkpointMessage(fields: CheckpointFields): Buffer {
  return Buffer.from(
    canonicalize({
      created_at: fields.created_at,
      key_id: fields.key_id,
      record_hash: fields.record_hash,
      seq: fields.seq,
      statement: STATEMENT,
    }),
    "utf8",
  );
}

/** The key id of an Ed25519 key (private or public): SHA-256 of its public key's SPKI DER. */
export function ledgerKeyId(key: KeyObject): string {
  const publicKey = key.type === "private" ? createPublicKey(key) : key;
  return sha256Hex(publicKey.export({ type: "spki", format: "der" }));
}

/** Signs the chain head with an Ed25519 private key. */
export function signCheckpoint(head: ChainHead, privateKey: KeyObject, at: Date): LedgerCheckpoint {
  if (privateKey.type !== "private" || privateKey.asymmetricKeyType !== "ed25519")
    throw new TypeError("a ledger checkpoint is signed with an Ed25519 private key");
  const fields: CheckpointFields = {
    seq: head.seq,
    record_hash: head.record_hash,
    created_at: at.toISOString(),
    key_id: ledgerKeyId(privateKey),
  };
  const signature = sign(null, checkpointMessage(fields), privateKey).toString("base64");
  return { ...fields, signature };
}

/**
 * True when `checkpoint` is well formed, names `publicKey` and carries its valid signature.
 * Accepts the key as a `KeyObject` or as SPKI PEM text (what `GET /v1/ledger/public-key` gives).
 */
export function checkpointSignedBy(checkpoint: unknown, publicKey: KeyObject | string): boolean {
  const key = typeof publicKey === "string" ? createPublicKey(publicKey) : publicKey;
  if (key.asymmetricKeyType !== "ed25519") return false;
  if (!isCheckpoint(checkpoint) || checkpoint.key_id !== ledgerKeyId(key)) return false;
  return verify(
    null,
    checkpointMessage(checkpoint),
    key,
    Buffer.from(checkpoint.signature, "base64"),
  );
}

function isCheckpoint(value: unknown): value is LedgerCheckpoint {
  if (typeof value !== "object" || value === null) return false;
  const c = value as Record<string, unknown>;
  return (
    Number.isSafeInteger(c.seq) &&
    (c.seq as number) >= 0 &&
    (c.record_hash === null || typeof c.record_hash === "string") &&
    typeof c.created_at === "string" &&
    typeof c.key_id === "string" &&
    typeof c.signature === "string"
  );
}
