import { createHmac } from "node:crypto";
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

/** Settings that turn Slack on against `apiUrl`; user U0APPROVER is the approver "slack-approver". */
export function slackEnv(
  secret: string,
  apiUrl = "http://127.0.0.1:1/api",
): Record<string, string> {
  return {
    FARAMESH_SLACK_BOT_TOKEN: "xoxb-test-token",
    FARAMESH_SLACK_SIGNING_SECRET: secret,
    FARAMESH_SLACK_CHANNEL: "C0APPROVALS",
    FARAMESH_SLACK_APPROVERS: "U0APPROVER=slack-approver",
    FARAMESH_SLACK_API_URL: apiUrl,
  };
}

/** A Slack interaction request for `payload`, signed with `secret` at `at` (the app's clock). */
export function signedInteraction(
  payload: object,
  secret: string,
  at: Date,
): { body: string; headers: Record<string, string> } {
  const body = `payload=${encodeURIComponent(JSON.stringify(payload))}`;
  const timestamp = String(Math.floor(at.getTime() / 1000));
  const signature = `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
  return {
    body,
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "x-slack-request-timestamp": timestamp,
      "x-slack-signature": signature,
    },
  };
}
