/**
 * The ceiling of the server benchmark: a bare Hono app with one JSON echo route, on the same
 * `@hono/node-server` adapter and in the same kind of child process as the real server.
 * It prints the same "listening on <url>" line as `faramesh-server`.
 */
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { Hono } from "hono";

const app = new Hono();
app.post("/echo", async (c) => c.json(await c.req.json()));

const server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, (info: AddressInfo) => {
  process.stdout.write(`Echo listening on http://127.0.0.1:${info.port}\n`);
});

process.once("SIGTERM", () => {
  server.close(() => process.exit(0));
  // Keep-alive connections from the load generator would hold close() open.
  if ("closeAllConnections" in server) server.closeAllConnections();
});
