import { randomBytes, timingSafeEqual } from "node:crypto";
import { sha256Hex } from "@faramesh/policy-engine/canonical";

const PREFIX = "fm_";

/** A new secret: 256 bits from the CSPRNG, URL-safe base64, with a recognisable prefix. */
export function newSecret(): string {
  return PREFIX + randomBytes(32).toString("base64url");
}

/** The stored form of a secret. */
export function hashSecret(secret: string): string {
  return sha256Hex(secret);
}

/** Compares two hex SHA-256 digests in constant time. */
export function sameDigest(a: string, b: string): boolean {
  const x = Buffer.from(a, "hex");
  const y = Buffer.from(b, "hex");
  return x.length === 32 && y.length === 32 && timingSafeEqual(x, y);
}

/** Secrets longer than this cannot be ours; refusing them early bounds hashing work. */
export const MAX_SECRET_LENGTH = 512;
