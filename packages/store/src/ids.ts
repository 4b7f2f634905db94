import { randomBytes } from "node:crypto";

let lastMs = -1;
const lastRandom = Buffer.alloc(10);

/**
 * A UUIDv7 (RFC 9562) whose 48-bit prefix is `ms`. Ids made in one process sort in creation
 * order: within one millisecond (or a clock step backwards) the 74 random bits are
 * incremented instead of redrawn.
 */
export function uuidv7(ms: number): string {
  if (ms > lastMs) {
    lastMs = ms;
    randomBytes(10).copy(lastRandom);
    // Clear the top bit of the 62-bit rand_b field so increments never carry into the variant.
    lastRandom[2] = (lastRandom[2] ?? 0) & 0x1f;
  } else {
    increment(lastRandom);
  }
  const bytes = Buffer.alloc(16);
  bytes.writeUIntBE(lastMs, 0, 6);
  lastRandom.copy(bytes, 6);
  bytes[6] = 0x70 | ((bytes[6] ?? 0) & 0x0f);
  bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f);
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function increment(buffer: Buffer): void {
  for (let k = buffer.length - 1; k >= 0; k--) {
    const next = ((buffer[k] ?? 0) + 1) & 0xff;
    buffer[k] = next;
    if (next !== 0) return;
  }
}
