import { createPublicKey, type KeyObject } from "node:crypto";
import { readFileSync } from "node:fs";
import { checkpointSignedBy, type LedgerCheckpoint } from "@faramesh/store";
import { CliError } from "./failure.js";
import { visible } from "./output/escape.js";

/**
 * The Ed25519 key a `--public-key` file holds: SPKI PEM, the JSON `GET /v1/ledger/public-key`
 * answers, or the server's private key file itself (its public half is used).
 */
export function readPublicKey(path: string): KeyObject {
  const text = readText(path, "--public-key");
  let pem = text;
  if (text.trimStart().startsWith("{")) {
    const answer = parseJson(text, path, "--public-key") as { public_key?: unknown };
    if (typeof answer.public_key !== "string")
      throw new CliError(
        `${visible(path)} has no "public_key" field: give the answer of GET /v1/ledger/public-key or a PEM file.`,
      );
    pem = answer.public_key;
  }
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch {
    throw new CliError(
      `${visible(path)} holds no PEM key: give the server's public key (GET /v1/ledger/public-key) or its FARAMESH_LEDGER_KEY_FILE.`,
    );
  }
  if (key.asymmetricKeyType !== "ed25519")
    throw new CliError(
      `${visible(path)} is not an Ed25519 key: ledger checkpoints are signed with one.`,
    );
  return key;
}

/** A checkpoint kept elsewhere (the JSON `GET /v1/ledger/checkpoint` answers), signed by `key`. */
export function readCheckpoint(path: string, key: KeyObject): LedgerCheckpoint {
  const checkpoint = parseJson(readText(path, "--checkpoint"), path, "--checkpoint");
  if (!checkpointSignedBy(checkpoint, key))
    throw new CliError(
      `${visible(path)} is not a checkpoint signed by that key: keep the answer of GET /v1/ledger/checkpoint as it came, and give the key of the server that signed it.`,
    );
  return checkpoint as LedgerCheckpoint;
}

function readText(path: string, flag: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new CliError(
      code === "ENOENT"
        ? `No file at ${visible(path)} (${flag}).`
        : `Cannot read ${visible(path)} (${flag}): ${code ?? String(error)}.`,
    );
  }
}

function parseJson(text: string, path: string, flag: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new CliError(`${visible(path)} (${flag}) is not valid JSON.`);
  }
}
