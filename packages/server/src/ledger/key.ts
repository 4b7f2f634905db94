import { createPrivateKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import { linkSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

/** Whether a key file's mode lets anyone but its owner in (POSIX only). */
const OTHERS = 0o077;

/**
 * The server's Ed25519 ledger signing key, kept in a PKCS #8 PEM file outside the database.
 * Generated on first start (mode 0600, its directory created 0700); an existing file must be
 * an Ed25519 private key readable by its owner only. Throws an Error whose message says what
 * to fix, naming the file.
 */
export function loadLedgerKey(path: string): KeyObject {
  const pem = readOrCreate(path);
  if (process.platform !== "win32") {
    const mode = statSync(path).mode & 0o777;
    if ((mode & OTHERS) !== 0)
      throw new Error(
        `FARAMESH_LEDGER_KEY_FILE: ${path} is open to other users (mode ${mode.toString(8).padStart(4, "0")}): run chmod 600 on it`,
      );
  }
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch {
    throw new Error(`FARAMESH_LEDGER_KEY_FILE: ${path} does not hold a PEM private key`);
  }
  if (key.asymmetricKeyType !== "ed25519")
    throw new Error(
      `FARAMESH_LEDGER_KEY_FILE: ${path} holds a ${key.asymmetricKeyType} key; ledger checkpoints need Ed25519`,
    );
  return key;
}

/**
 * The file's text; a new key when it does not exist. The key is written whole to a temporary
 * file and linked into place, so a replica starting at the same moment reads either nothing
 * or the whole key, and the first link wins.
 */
function readOrCreate(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw unreadable(path, error);
  }
  const pem = generateKeyPairSync("ed25519")
    .privateKey.export({ type: "pkcs8", format: "pem" })
    .toString();
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    rmSync(temporary, { force: true });
    writeFileSync(temporary, pem, { mode: 0o600, flag: "wx" });
    linkSync(temporary, path);
    return pem;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return readFileSync(path, "utf8");
    throw unreadable(path, error);
  } finally {
    rmSync(temporary, { force: true });
  }
}

function unreadable(path: string, error: unknown): Error {
  const code = (error as NodeJS.ErrnoException).code ?? "error";
  return new Error(`FARAMESH_LEDGER_KEY_FILE: cannot read or create ${path} (${code})`);
}
