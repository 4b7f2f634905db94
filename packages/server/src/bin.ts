#!/usr/bin/env node
import { StartupError } from "./errors.js";
import { serve } from "./serve.js";

/** `faramesh-server`: starts from the environment alone and prints the URL once listening. */
try {
  const server = await serve();
  process.stdout.write(`Faramesh listening on ${server.url}\n`);
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      server.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
} catch (error) {
  process.stderr.write(`${error instanceof StartupError ? error.message : String(error)}\n`);
  process.exit(1);
}
