import { readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository's `policies/` directory. */
export const POLICIES_DIR = fileURLToPath(new URL("../../../policies/", import.meta.url));

/** Every policy file under `policies/` (not the `.cases.yaml` next to each), sorted. */
export function shippedPolicies(): string[] {
  return readdirSync(POLICIES_DIR, { recursive: true, encoding: "utf8" })
    .filter((name) => name.endsWith(".yaml") && !name.endsWith(".cases.yaml"))
    .map((name) => join(POLICIES_DIR, name))
    .sort();
}
