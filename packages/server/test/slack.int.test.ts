import type {
  LeasedNotification,
  LedgerEvent,
  NotificationTopic,
  StoredAction,
} from "@faramesh/store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Links } from "../src/links.js";
import { DeliveryError } from "../src/notify/channel.js";
import { APPROVE, DENY } from "../src/notify/slack/blocks.js";
import { type SlackMessageRef, SlackMessages, slackClient } from "../src/notify/slack/messages.js";
import { type FindReceipt, ruleSlackChannel, slackChannel } from "../src/notify/slack-channel.js";
import { type Harness, harness, shell, TEST_POLICY } from "./harness.js";
import { type SlackCall, signedInteraction, slackStandIn } from "./slack-stand-in.js";

const SECRET = "slack-signing-secret-for-tests";
const CHANNEL = "C0APPROVALS";

let stand: Awaited<ReturnType<typeof slackStandIn>>;
let h: Harness;
/** The receipts of the approval_required deliveries, as the notification store would keep them. */
const receipts = new Map<string, SlackMessageRef>();
const findReceipt: FindReceipt = async (actionId) => receipts.get(actionId) ?? null;
let channel: ReturnType<typeof slackChannel>;

beforeAll(async () => {
  stand = await slackStandIn();
  h = await harness({
    policy: `${TEST_POLICY}
  - id: payments
    match: { tool: stripe }
    require_approval: true
    notify: { slack_channel: C0PAYMENTS }
`,
    env: {
      FARAMESH_SLACK_BOT_TOKEN: "xoxb-test-token",
      FARAMESH_SLACK_SIGNING_SECRET: SECRET,
      FARAMESH_SLACK_CHANNEL: CHANNEL,
      FARAMESH_SLACK_APPROVERS: "U0ALICE=alice,U0BOB=bob",
      FARAMESH_SLACK_API_URL: stand.url,
      FARAMESH_PUBLIC_URL: "https://faramesh.example",
    },
  });
  const slack = h.config.slack;
  if (slack === null) throw new Error("Slack is not configured");
  const messages = new SlackMessages(slackClient(slack), () => new Date());
  channel = slackChannel({
    config: slack,
    messages,
    findReceipt,
    ruleChannel: ruleSlackChannel(h.engine),
  });
});
afterAll(async () => {
  await h?.close();
  await stand?.close();
});

async function pending(cmd = "ls"): Promise<StoredAction> {
  const res = await h.call("POST", "/v1/actions", { body: shell(cmd) });
  const { id } = (await res.json()) as { id: string; status: string };
  const action = await h.store.getAction(id);
  expect(action.status).toBe("pending_approval");
  return action;
}

async function lastEvent(id: string): Promise<LedgerEvent> {
  const events = await h.store.listEvents(id);
  const event = events.at(-1);
  if (event === undefined) throw new Error("no events");
  return event;
}

/** Delivers the notification of `action`'s latest event (or the one of `type`) as the dispatcher would. */
async function deliver(topic: NotificationTopic, id: string, target = CHANNEL) {
  const action = await h.store.getAction(id);
  const events = await h.store.listEvents(id);
  const event =
    topic === "action.approval_required"
      ? events.find((e) => e.event_type === "decision_made")
      : events.at(-1);
  if (event === undefined) throw new Error("no event");
  const notification = {
    id: `n-${event.seq}`,
    event_seq: event.seq,
    action_id: id,
    topic,
    channel: "slack",
    target,
    status: "pending",
    attempts: 1,
    next_attempt_at: event.created_at,
    last_error: null,
    receipt: null,
    created_at: event.created_at,
    updated_at: event.created_at,
    delivered_at: null,
    lease_owner: "test",
    lease_expires_at: event.created_at,
  } satisfies LeasedNotification;
  const receipt = await channel.deliver({
    notification,
    action,
    event,
    actionUrl: new Links(h.config).actionPage(id),
    signal: new AbortController().signal,
  });
  if (topic === "action.approval_required" && receipt !== null)
    receipts.set(id, receipt as unknown as SlackMessageRef);
  return receipt;
}

/** A button press as Slack sends it, signed `age` seconds ago by the harness clock. */
function press(
  ref: SlackMessageRef,
  id: string,
  options: { user?: string; approve?: boolean; age?: number; secret?: string } = {},
) {
  const payload = {
    type: "block_actions",
    user: { id: options.user ?? "U0ALICE", username: "someone" },
    container: { type: "message", channel_id: ref.channel, message_ts: ref.ts },
    channel: { id: ref.channel },
    actions: [{ action_id: options.approve === false ? DENY : APPROVE, value: id }],
  };
  const at = new Date(h.now().getTime() - (options.age ?? 0) * 1000);
  return { method: "POST", ...signedInteraction(payload, options.secret ?? SECRET, at) };
}

const send = (init: RequestInit) => h.app.request("/v1/slack/interactions", init);
const callsFor = (method: string, ts?: string): SlackCall[] =>
  stand.calls.filter((c) => c.method === method && (ts === undefined || c.args.ts === ts));
const buttons = (call: SlackCall | undefined) =>
  ((call?.args.blocks ?? []) as { type: string; elements?: { action_id?: string }[] }[])
    .filter((b) => b.type === "actions")
    .flatMap((b) => b.elements ?? [])
    .map((e) => e.action_id);

describe("Slack", () => {
  it("posts an approval request with what, who, risk, rule, time left and the buttons", async () => {
    const action = await pending("ls -la");
    const receipt = await deliver("action.approval_required", action.id);
    expect(receipt).toEqual({ channel: CHANNEL, ts: expect.any(String) });
    const post = callsFor("chat.postMessage").at(-1);
    expect(post?.args.channel).toBe(CHANNEL);
    const text = JSON.stringify(post?.args.blocks);
    for (const part of ["shell run", "agent-1", "*Risk*", "*Rule*\\nshell", "Time left", "ls -la"])
      expect(text).toContain(part);
    expect(text).toContain(`https://faramesh.example/actions/${action.id}`);
    expect(buttons(post)).toEqual([APPROVE, DENY, "faramesh_open"]);
    const approve = ((post?.args.blocks ?? []) as { elements?: { value?: string }[] }[])
      .flatMap((b) => b.elements ?? [])
      .find((e) => e.value !== undefined);
    expect(approve?.value).toBe(action.id);
  });

  it("posts to the channel the rule names, and updates the message there", async () => {
    const res = await h.call("POST", "/v1/actions", {
      body: { agent_id: "agent-1", tool: "stripe", operation: "refund", params: { amount: 5 } },
    });
    const { id } = (await res.json()) as { id: string };
    expect(await deliver("action.approval_required", id)).toMatchObject({ channel: "C0PAYMENTS" });
    await h.call("POST", `/v1/actions/${id}/approval`, { body: { approve: false } });
    expect(await deliver("action.denied", id)).toMatchObject({ channel: "C0PAYMENTS" });
    expect(callsFor("chat.update").at(-1)?.args.channel).toBe("C0PAYMENTS");
  });

  it("approves on a correctly signed press by a mapped approver, and updates the message", async () => {
    const action = await pending();
    await deliver("action.approval_required", action.id);
    const ref = receipts.get(action.id) as SlackMessageRef;
    const res = await send(press(ref, action.id));
    expect(res.status).toBe(200);
    expect((await h.store.getAction(action.id)).status).toBe("approved");
    const event = await lastEvent(action.id);
    expect(event).toMatchObject({
      event_type: "approved",
      meta: { by: "alice", role: "approver", token_id: "slack:U0ALICE" },
    });
    const update = callsFor("chat.update", ref.ts).at(-1);
    expect(update?.args.channel).toBe(CHANNEL);
    expect(JSON.stringify(update?.args.blocks)).toContain("Approved by alice");
    expect(buttons(update)).toEqual(["faramesh_open"]);
  });

  it("refuses a bad signature, an old timestamp, a replay and an unmapped user, deciding nothing", async () => {
    const action = await pending();
    await deliver("action.approval_required", action.id);
    const ref = receipts.get(action.id) as SlackMessageRef;
    const before = await h.store.listEvents(action.id);

    expect((await send(press(ref, action.id, { secret: "not-the-secret" }))).status).toBe(401);
    expect((await send(press(ref, action.id, { age: 6 * 60 }))).status).toBe(401);
    const unsigned = press(ref, action.id);
    delete (unsigned.headers as Record<string, string>)["x-slack-signature"];
    expect((await send(unsigned)).status).toBe(401);

    const ephemerals = callsFor("chat.postEphemeral").length;
    const stranger = press(ref, action.id, { user: "U0MALLORY" });
    expect((await send(stranger)).status).toBe(200);
    expect(callsFor("chat.postEphemeral")).toHaveLength(ephemerals + 1);
    expect(callsFor("chat.postEphemeral").at(-1)?.args).toMatchObject({
      user: "U0MALLORY",
      channel: CHANNEL,
    });
    // The same signed request again, as an attacker who captured it would send it.
    expect((await send(stranger)).status).toBe(401);

    expect((await h.store.getAction(action.id)).status).toBe("pending_approval");
    expect(await h.store.listEvents(action.id)).toEqual(before);
    expect(callsFor("chat.update", ref.ts)).toEqual([]);
  });

  it("refuses a replayed denial: the first press decides, its copy is refused unseen", async () => {
    const action = await pending();
    await deliver("action.approval_required", action.id);
    const ref = receipts.get(action.id) as SlackMessageRef;
    const denial = press(ref, action.id, { user: "U0BOB", approve: false });
    expect((await send(denial)).status).toBe(200);
    const after = await h.store.listEvents(action.id);
    expect(after.at(-1)).toMatchObject({ event_type: "denied", meta: { by: "bob" } });
    expect((await send(denial)).status).toBe(401);
    expect(await h.store.listEvents(action.id)).toEqual(after);
  });

  it("tells an approver why a press on a decided action did nothing", async () => {
    const action = await pending();
    await deliver("action.approval_required", action.id);
    const ref = receipts.get(action.id) as SlackMessageRef;
    await h.call("POST", `/v1/actions/${action.id}/approval`, { body: { approve: false } });
    expect((await send(press(ref, action.id))).status).toBe(200);
    expect(String(callsFor("chat.postEphemeral").at(-1)?.args.text)).toMatch(
      /Not approved: .*denied/,
    );
    expect((await h.store.getAction(action.id)).status).toBe("denied");
  });

  it("updates the message when the action is decided through the API (or the dashboard)", async () => {
    const action = await pending();
    await deliver("action.approval_required", action.id);
    const ref = receipts.get(action.id) as SlackMessageRef;
    const res = await h.call("POST", `/v1/actions/${action.id}/approval`, {
      body: { approve: true, reason: "looks fine" },
    });
    expect(res.status).toBe(200);
    expect(await deliver("action.approved", action.id)).toEqual(ref);
    const update = callsFor("chat.update", ref.ts).at(-1);
    expect(JSON.stringify(update?.args.blocks)).toContain("Approved by admin-token: looks fine");
    expect(buttons(update)).toEqual(["faramesh_open"]);
  });

  it("updates the message when the approval expires", async () => {
    const res = await h.call("POST", "/v1/actions", {
      body: { agent_id: "agent-1", tool: "deploy", operation: "run", params: {} },
    });
    const { id } = (await res.json()) as { id: string };
    await deliver("action.approval_required", id);
    const ref = receipts.get(id) as SlackMessageRef;
    h.advance(3_000);
    expect((await h.store.getAction(id)).status).toBe("expired");
    await deliver("action.expired", id);
    expect(JSON.stringify(callsFor("chat.update", ref.ts).at(-1)?.args.blocks)).toContain(
      "Expired",
    );
  });

  it("gives up on a missing channel and retries a rate limit or a message not posted yet", async () => {
    const action = await pending();
    const gone = await deliver("action.approval_required", action.id, "C0GONE").catch((e) => e);
    expect(gone).toBeInstanceOf(DeliveryError);
    expect(gone).toMatchObject({
      permanent: true,
      message: expect.stringMatching(/channel_not_found/),
    });
    const busy = await deliver("action.approval_required", action.id, "C0BUSY").catch((e) => e);
    expect(busy).toMatchObject({ permanent: false });
    const waiting = slackChannel({
      config: h.config.slack as NonNullable<typeof h.config.slack>,
      messages: new SlackMessages(
        slackClient(h.config.slack as NonNullable<typeof h.config.slack>),
        () => new Date(),
      ),
      findReceipt: async () => "not_yet",
    });
    const event = await lastEvent(action.id);
    const attempt = waiting.deliver({
      notification: { topic: "action.approved", target: CHANNEL } as LeasedNotification,
      action,
      event,
      actionUrl: "https://faramesh.example",
      signal: new AbortController().signal,
    });
    await expect(attempt).rejects.toMatchObject({ permanent: false });
  });

  it("answers 404 when Slack is not configured", async () => {
    const plain = await harness();
    try {
      expect((await plain.app.request("/v1/slack/interactions", { method: "POST" })).status).toBe(
        404,
      );
    } finally {
      await plain.close();
    }
  });
});
