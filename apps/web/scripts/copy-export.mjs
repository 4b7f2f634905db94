// Copies the static export (out/) into @faramesh/server's package (web/), where the server
// serves it from by default (FARAMESH_UI_DIR overrides). Runs after every build, uncached, so
// the server always ships the export that was just built.
import { cpSync, existsSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";

const from = fileURLToPath(new URL("../out/", import.meta.url));
const to = fileURLToPath(new URL("../../../packages/server/web/", import.meta.url));

if (!existsSync(`${from}index.html`)) {
  console.error(`No export in ${from}: run \`pnpm --filter @faramesh/web build\` first.`);
  process.exit(1);
}
rmSync(to, { recursive: true, force: true });
cpSync(from, to, { recursive: true });
console.log(`dashboard copied to ${to}`);
