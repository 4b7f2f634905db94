import { generateKeyPairSync } from "node:crypto";
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadLedgerKey } from "./key.js";

describe("the ledger key file", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "faramesh-key-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("is created on first start with mode 0600 and read back on the next", () => {
    const path = join(dir, "keys", "ledger-key.pem");
    const key = loadLedgerKey(path);
    expect(key.asymmetricKeyType).toBe("ed25519");
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(loadLedgerKey(path).export({ type: "pkcs8", format: "pem" })).toEqual(
      key.export({ type: "pkcs8", format: "pem" }),
    );
    expect(readFileSync(path, "utf8")).toMatch(/^-----BEGIN PRIVATE KEY-----/);
  });

  it("refuses a file other users can read, another algorithm, or no key at all", () => {
    const path = join(dir, "ledger-key.pem");
    loadLedgerKey(path);
    chmodSync(path, 0o644);
    expect(() => loadLedgerKey(path)).toThrow(/open to other users \(mode 0644\).*chmod 600/);
    const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
    writeFileSync(path, rsa.export({ type: "pkcs8", format: "pem" }), { mode: 0o600 });
    chmodSync(path, 0o600);
    expect(() => loadLedgerKey(path)).toThrow(/rsa key; ledger checkpoints need Ed25519/);
    writeFileSync(path, "not a key");
    expect(() => loadLedgerKey(path)).toThrow(/does not hold a PEM private key/);
  });
});
