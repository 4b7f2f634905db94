/*
 * A ledger event's `meta` in fewer bytes. Canonical JSON text never holds a byte below 0x20
 * (control characters are escaped), so those bytes are free to stand for the strings every
 * event repeats: each of TOKENS is one byte (0x01 is the first), and a quoted SHA-256 in hex
 * is HASH followed by its 32 bytes. Decoding is exact, so the text still hashes as written.
 * This is a storage format: append to TOKENS, never reorder or remove.
 */

const TOKENS = [
  '"approval_expires_at":',
  '"decision":',
  '"policy_version":',
  '"request_hash":',
  '"risk_level":',
  '"outcome":',
  '"policy_hash":',
  '"reason":',
  '"reason_code":',
  '"rule_id":',
  '"allow"',
  '"deny"',
  '"require_approval"',
  '"EXECUTE"',
  '"HALT"',
  '"ABSTAIN"',
  '"low"',
  '"medium"',
  '"high"',
  '"critical"',
  '"POLICY_ALLOW"',
  '"POLICY_DENY"',
  '"POLICY_REQUIRE_APPROVAL"',
  "null",
  '"action_reason":',
  '"result_hash":',
  '"error":',
  '"grant_id":',
  '"by":',
  '"token_id":',
  '"role":',
] as const;

const HASH = 0x00;
const HASH_BYTES = 32;
const CODES = new Map<string, number>(TOKENS.map((token, index) => [token, index + 1]));
const literal = (text: string) => text.replace(/[\\^$.*+?()[\]{}|]/g, "\\$&");
// Longest first, so a token is never cut short by a shorter one it starts with.
const PATTERN = new RegExp(
  `"[0-9a-f]{64}"|${[...TOKENS]
    .sort((a, b) => b.length - a.length)
    .map(literal)
    .join("|")}`,
  "g",
);
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the bytes the packer uses
const CONTROL = /[\u0000-\u001f]/;

/** Canonical JSON text packed as above; text holding a control character is kept as it is. */
export function packMeta(text: string): string | Buffer {
  if (CONTROL.test(text)) return text;
  const parts: Buffer[] = [];
  let start = 0;
  for (const match of text.matchAll(PATTERN)) {
    parts.push(Buffer.from(text.slice(start, match.index), "utf8"));
    const code = CODES.get(match[0]);
    parts.push(
      code === undefined
        ? Buffer.concat([Buffer.of(HASH), Buffer.from(match[0].slice(1, -1), "hex")])
        : Buffer.of(code),
    );
    start = match.index + match[0].length;
  }
  parts.push(Buffer.from(text.slice(start), "utf8"));
  return Buffer.concat(parts);
}

/**
 * The text of a value {@link packMeta} stored. A hash cut short (bytes no packer writes) comes
 * back as U+FFFD, so an altered row cannot hash as its original.
 */
export function unpackMeta(value: unknown): string {
  // safe: the meta column holds text or a BLOB written by packMeta
  if (!(value instanceof Uint8Array)) return value as string;
  const bytes = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  let text = "";
  let start = 0;
  let i = 0;
  while (i < bytes.length) {
    const byte = bytes[i] as number;
    if (byte >= 0x20) {
      i++;
      continue;
    }
    text += bytes.toString("utf8", start, i);
    if (byte === HASH) {
      const end = i + 1 + HASH_BYTES;
      text += end <= bytes.length ? `"${bytes.toString("hex", i + 1, end)}"` : "\ufffd";
      i = Math.min(end, bytes.length);
    } else {
      text += TOKENS[byte - 1] ?? "\ufffd";
      i++;
    }
    start = i;
  }
  return text + bytes.toString("utf8", start, i);
}
