import { Hono } from "hono";
import * as v from "valibot";
import type { Principal } from "../auth/principal.js";
import type { SlackConfig } from "../config.js";
import type { AppEnv, Deps } from "../context.js";
import { FarameshError } from "../errors.js";
import { readBytes } from "../http/body.js";
import { errorAnswer } from "../http/on-error.js";
import { APPROVE, DENY } from "../notify/slack/blocks.js";
import type { SlackMessages } from "../notify/slack/messages.js";
import { type SlackRequestCheck, SlackVerifier } from "../notify/slack/signature.js";
import { describe } from "../openapi.js";
import { decideApproval } from "../service/approve.js";

/** The parts of Slack's interaction payload used here; Slack sends many more. */
const Interaction = v.object({
  type: v.string(),
  user: v.object({ id: v.string() }),
  container: v.optional(
    v.object({ channel_id: v.optional(v.string()), message_ts: v.optional(v.string()) }),
  ),
  channel: v.optional(v.object({ id: v.string() })),
  actions: v.optional(v.array(v.object({ action_id: v.string(), value: v.optional(v.string()) }))),
});
type Interaction = v.InferOutput<typeof Interaction>;

/** A press carries the whole message it was made on, URL-encoded: room for ours, no more. */
const SLACK_BODY_BYTES = 64 * 1024;

const REFUSALS: Record<Exclude<SlackRequestCheck, "ok" | "busy">, string> = {
  unsigned: "Send X-Slack-Signature and X-Slack-Request-Timestamp: only Slack may call this",
  bad_signature: "The Slack signature does not match this request",
  stale: "The Slack request timestamp is more than five minutes away",
  replay: "This Slack request was already received",
};

/**
 * `POST /v1/slack/interactions`: Slack's button presses. Authenticated by Slack's request
 * signature only (bearer tokens mean nothing here); only Slack users mapped to an approver
 * identity decide, and the ledger records that identity with `slack:<user id>` as credential.
 */
export function slackRoutes(deps: Deps, slack: SlackConfig, messages: SlackMessages) {
  const app = new Hono<AppEnv>();
  const verifier = new SlackVerifier(slack.signingSecret, () => deps.clock().getTime());

  app.post(
    "/interactions",
    describe({
      // No bearer token: Slack's request signature (X-Slack-Signature) authenticates it.
      summary: "Slack's Approve / Deny button presses, signed by Slack (served when Slack is on)",
      role: "public",
      response: [200, "Received; the outcome is shown in Slack"],
      errors: [400, 401, 413, 503],
    }),
    async (c) => {
      const limit = Math.min(deps.config.limits.bodyBytes, SLACK_BODY_BYTES);
      const body = new TextDecoder().decode(await readBytes(c, limit));
      const check = verifier.check(
        c.req.header("x-slack-request-timestamp"),
        c.req.header("x-slack-signature"),
        body,
      );
      if (check === "busy")
        throw new FarameshError("UNAVAILABLE", "Too many Slack requests at once; retry shortly");
      if (check !== "ok") throw new FarameshError("UNAUTHORIZED", REFUSALS[check]);
      const interaction = parse(body);
      const pressed = interaction.actions?.[0];
      if (interaction.type !== "block_actions" || pressed === undefined) return c.body(null, 200);
      if (pressed.action_id !== APPROVE && pressed.action_id !== DENY) return c.body(null, 200);
      await press(deps, slack, messages, interaction, pressed.action_id === APPROVE, pressed.value);
      return c.body(null, 200);
    },
  );

  return app;
}

function parse(body: string): Interaction {
  const payload = new URLSearchParams(body).get("payload");
  let value: unknown;
  try {
    value = JSON.parse(payload ?? "");
  } catch {
    throw new FarameshError("BAD_REQUEST", "Expected a form field `payload` holding JSON");
  }
  const result = v.safeParse(Interaction, value);
  if (!result.success) throw new FarameshError("BAD_REQUEST", "Not a Slack interaction payload");
  return result.output;
}

/** Decides as the mapped approver, then shows the outcome on the message pressed. */
async function press(
  deps: Deps,
  slack: SlackConfig,
  messages: SlackMessages,
  interaction: Interaction,
  approve: boolean,
  actionId: string | undefined,
): Promise<void> {
  const user = interaction.user.id;
  const channel = interaction.container?.channel_id ?? interaction.channel?.id;
  const ts = interaction.container?.message_ts;
  const tell = async (text: string) => {
    if (channel !== undefined) await messages.tell(channel, user, text).catch(logFailure(deps));
  };
  const identity = slack.approvers[user];
  if (identity === undefined) {
    deps.logger.info("slack approval refused", { slack_user: user, why: "not an approver" });
    return tell(
      `You are not an approver in Faramesh: ask an admin to map your Slack user id (${user}) in FARAMESH_SLACK_APPROVERS.`,
    );
  }
  if (actionId === undefined) return tell("This button names no action.");
  const principal: Principal = {
    role: "approver",
    name: identity,
    agentId: null,
    tokenId: null,
    credentialId: `slack:${user}`,
    tokenExpiresAt: null,
  };
  let decided: Awaited<ReturnType<typeof decideApproval>>;
  try {
    decided = await decideApproval(deps, principal, actionId, { approve });
  } catch (error) {
    // Refusals (decided already, expired, unknown id) are told to the person; outages are not.
    const { status, body } = errorAnswer(error, deps.logger);
    if (status >= 500) throw error;
    return tell(`Not ${approve ? "approved" : "denied"}: ${body.detail}`);
  }
  if (channel === undefined || ts === undefined) return;
  // The dispatcher updates the message too, once it delivers the decision; this is at once.
  const state = { kind: approve ? "approved" : "denied", by: identity, note: null } as const;
  await messages
    .update({ channel, ts }, decided, state, deps.links.actionPage(decided.id))
    .catch(logFailure(deps));
}

const logFailure = (deps: Deps) => (error: unknown) =>
  deps.logger.warn("slack call failed", { error: String(error) });
