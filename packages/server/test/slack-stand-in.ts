import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

/** One Web API call the stand-in received: its method and its arguments, blocks parsed. */
export interface SlackCall {
  method: string;
  args: Record<string, unknown>;
}

/**
 * A local stand-in for the Slack Web API: answers chat.postMessage, chat.update and
 * chat.postEphemeral like Slack and records every call. Channel `C0GONE` does not exist;
 * channel `C0BUSY` is rate-limited.
 */
export async function slackStandIn(): Promise<{
  url: string;
  calls: SlackCall[];
  close(): Promise<void>;
}> {
  const calls: SlackCall[] = [];
  let next = 1;
  const server = createServer(async (req, res) => {
    const method = (req.url ?? "").replace(/^\/api\//, "");
    const args = await readArgs(req);
    calls.push({ method, args });
    const reply = (status: number, body: object, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(JSON.stringify(body));
    };
    if (args.channel === "C0BUSY") return reply(429, { ok: false }, { "retry-after": "30" });
    if (args.channel === "C0GONE") return reply(200, { ok: false, error: "channel_not_found" });
    switch (method) {
      case "chat.postMessage":
        return reply(200, { ok: true, channel: args.channel, ts: `1700000000.00000${next++}` });
      case "chat.update":
        return reply(200, { ok: true, channel: args.channel, ts: args.ts });
      case "chat.postEphemeral":
        return reply(200, { ok: true, message_ts: "1700000000.999999" });
      default:
        return reply(200, { ok: false, error: "unknown_method" });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api`,
    calls,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function readArgs(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  const args: Record<string, unknown> = (req.headers["content-type"] ?? "").includes("json")
    ? JSON.parse(text)
    : Object.fromEntries(new URLSearchParams(text));
  if (typeof args.blocks === "string") args.blocks = JSON.parse(args.blocks);
  return args;
}
