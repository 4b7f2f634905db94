// Runs a command, passing its output through, and prints a line whenever the command has been
// quiet for a while, so a long silent step does not look hung. `pnpm start` runs its build
// through it: tsup's type build alone can print nothing for a minute.
//
//   node scripts/progress.mjs [--quiet-ms=15000] "<label>" <command> [args...]
//   → "<label>… still building (30 s)" after each 15 s (or --quiet-ms) of silence
import { spawn } from "node:child_process";

const argv = process.argv.slice(2);
const option = /^--quiet-ms=(\d+)$/.exec(argv[0] ?? "");
if (option !== null) argv.shift();
const quietMs = option === null ? 15_000 : Number(option[1]);
const [label, command, ...args] = argv;
if (label === undefined || command === undefined) {
  process.stderr.write(
    'usage: node scripts/progress.mjs [--quiet-ms=15000] "<label>" <command> [args...]\n',
  );
  process.exit(2);
}
const started = Date.now();
let lastOutput = started;

const child = spawn(command, args, { stdio: ["inherit", "pipe", "pipe"] });
for (const [from, to] of [
  [child.stdout, process.stdout],
  [child.stderr, process.stderr],
]) {
  from.on("data", (chunk) => {
    lastOutput = Date.now();
    to.write(chunk);
  });
}
const ticker = setInterval(
  () => {
    const now = Date.now();
    if (now - lastOutput < quietMs) return;
    lastOutput = now;
    const seconds = Math.round((now - started) / 1000);
    process.stdout.write(`${label}… still building (${seconds} s)\n`);
  },
  Math.min(quietMs, 1000),
);
child.on("error", (error) => {
  clearInterval(ticker);
  process.stderr.write(`${command}: ${error.message}\n`);
  process.exit(1);
});
child.on("close", (code) => {
  clearInterval(ticker);
  process.exit(code ?? 1);
});
