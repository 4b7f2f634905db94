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
/** Each token as the one character (below 0x20) it is packed to. */
const CODES = new Map<string, string>(
  TOKENS.map((token, index) => [token, String.fromCharCode(index + 1)]),
);
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
const HASH_MARK = String.fromCharCode(HASH);

/** The value of a lowercase hex digit's byte. */
const nibble = (byte: number) => (byte <= 0x39 ? byte - 0x30 : byte - 0x57);

/** Canonical JSON text packed as above; text holding a control character is kept as it is. */
export function packMeta(text: string): string | Buffer {
  if (CONTROL.test(text)) return text;
  // Tokens become their character and a quoted hash HASH and its 64 digits; then, in the bytes,
  // each hash's digits are folded into its 32 bytes in place.
  const marked = text.replace(
    PATTERN,
    (match) => CODES.get(match) ?? `${HASH_MARK}${match.slice(1, -1)}`,
  );
  const bytes = Buffer.from(marked, "utf8");
  let w = 0;
  let r = 0;
  while (r < bytes.length) {
    const byte = bytes[r] as number;
    bytes[w++] = byte;
    r++;
    if (byte !== HASH) continue;
    for (let k = 0; k < HASH_BYTES; k++, r += 2)
      bytes[w++] = (nibble(bytes[r] as number) << 4) | nibble(bytes[r + 1] as number);
  }
  return bytes.subarray(0, w);
}

const TOKEN_BYTES = TOKENS.map((token) => Buffer.from(token, "utf8"));
const LONGEST_TOKEN = Math.max(...TOKEN_BYTES.map((token) => token.length));
const HEX_DIGITS = Buffer.from("0123456789abcdef", "latin1");
const REPLACEMENT = Buffer.from("\ufffd", "utf8");
/** Unpacking writes here and makes one string: far cheaper than joining many small ones. */
let scratch = Buffer.allocUnsafe(4096);

/**
 * The text of a value {@link packMeta} stored. A hash cut short (bytes no packer writes) comes
 * back as U+FFFD, so an altered row cannot hash as its original.
 */
export function unpackMeta(value: unknown): string {
  // safe: the meta column holds text or a BLOB written by packMeta
  if (!(value instanceof Uint8Array)) return value as string;
  const need = value.length * Math.max(LONGEST_TOKEN, REPLACEMENT.length);
  if (scratch.length < need) scratch = Buffer.allocUnsafe(need);
  const out = scratch;
  let n = 0;
  let i = 0;
  while (i < value.length) {
    const byte = value[i] as number;
    if (byte >= 0x20) {
      out[n++] = byte;
      i++;
    } else if (byte !== HASH) {
      n += (TOKEN_BYTES[byte - 1] ?? REPLACEMENT).copy(out, n);
      i++;
    } else if (i + 1 + HASH_BYTES > value.length) {
      n += REPLACEMENT.copy(out, n);
      i = value.length;
    } else {
      out[n++] = 0x22;
      for (let k = i + 1; k <= i + HASH_BYTES; k++) {
        const b = value[k] as number;
        out[n++] = HEX_DIGITS[b >> 4] as number;
        out[n++] = HEX_DIGITS[b & 0x0f] as number;
      }
      out[n++] = 0x22;
      i += 1 + HASH_BYTES;
    }
  }
  return out.toString("utf8", 0, n);
}
