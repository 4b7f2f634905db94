import type { KeyObject } from "node:crypto";
import { type LedgerCheckpoint, ledgerKeyId, signCheckpoint } from "../ledger/checkpoint.js";
import type { guardWith } from "./errors.js";
import type { CheckpointStore } from "./port.js";

/** The same checkpoint calls, every failure passed through the driver's error mapping. */
export function guardCheckpoints(
  checkpoints: CheckpointStore,
  guard: ReturnType<typeof guardWith>,
): CheckpointStore {
  return {
    ledgerHead: guard(() => checkpoints.ledgerHead()),
    latestCheckpoint: guard((keyId: string) => checkpoints.latestCheckpoint(keyId)),
    saveCheckpoint: guard((checkpoint: LedgerCheckpoint) => checkpoints.saveCheckpoint(checkpoint)),
  };
}

/**
 * Signs the chain head and stores the checkpoint, unless the newest one by this key already
 * covers the head (then that one is the answer): a quiet ledger gains no rows.
 */
export async function writeCheckpoint(
  port: CheckpointStore,
  clock: () => Date,
  privateKey: KeyObject,
): Promise<LedgerCheckpoint> {
  if (privateKey.type !== "private" || privateKey.asymmetricKeyType !== "ed25519")
    throw new TypeError("a ledger checkpoint is signed with an Ed25519 private key");
  const [head, latest] = await Promise.all([
    port.ledgerHead(),
    port.latestCheckpoint(ledgerKeyId(privateKey)),
  ]);
  if (latest !== undefined && latest.seq >= head.seq) return latest;
  const checkpoint = signCheckpoint(head, privateKey, clock());
  await port.saveCheckpoint(checkpoint);
  return checkpoint;
}
