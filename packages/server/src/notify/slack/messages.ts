import type { StoredAction } from "@faramesh/store";
import {
  ErrorCode,
  LogLevel,
  type Logger as SlackLogger,
  type WebAPICallError,
  WebClient,
} from "@slack/web-api";
import type { SlackConfig } from "../../config.js";
import type { Logger } from "../../logger.js";
import { DeliveryError } from "../channel.js";
import { type MessageState, messageBlocks, messageText } from "./blocks.js";

/** Where a posted message lives: what `chat.update` needs, kept as the delivery's receipt. */
export interface SlackMessageRef {
  channel: string;
  ts: string;
}

/**
 * A Slack Web API client for `config`. It never retries nor waits out a rate limit: failed
 * deliveries are retried by the dispatcher, and a button press is answered at once. Its
 * warnings go to our JSON log (without `logger`, nowhere) instead of the console.
 */
export function slackClient(config: SlackConfig, logger?: Logger): WebClient {
  return new WebClient(config.botToken, {
    slackApiUrl: config.apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: 10_000,
    logger: slackLogger(logger),
  });
}

function slackLogger(logger: Logger | undefined): SlackLogger {
  const to =
    (level: "warn" | "error") =>
    (...msg: unknown[]) =>
      logger?.[level]("slack web api", { message: msg.map(String).join(" ") });
  return {
    debug: () => {},
    info: () => {},
    warn: to("warn"),
    error: to("error"),
    setLevel: () => {},
    getLevel: () => LogLevel.WARN,
    setName: () => {},
  };
}

/** Posts and updates approval messages, and answers a person privately. */
export class SlackMessages {
  constructor(
    private readonly client: WebClient,
    private readonly clock: () => Date,
  ) {}

  async post(channel: string, action: StoredAction, actionUrl: string): Promise<SlackMessageRef> {
    const state: MessageState = { kind: "pending" };
    const posted = await this.client.chat.postMessage({
      channel,
      text: messageText(action, state),
      blocks: messageBlocks(action, state, actionUrl, this.clock()),
      unfurl_links: false,
    });
    if (posted.channel === undefined || posted.ts === undefined)
      throw new DeliveryError("chat.postMessage answered no channel or ts");
    return { channel: posted.channel, ts: posted.ts };
  }

  async update(
    ref: SlackMessageRef,
    action: StoredAction,
    state: MessageState,
    actionUrl: string,
  ): Promise<void> {
    await this.client.chat.update({
      channel: ref.channel,
      ts: ref.ts,
      text: messageText(action, state),
      blocks: messageBlocks(action, state, actionUrl, this.clock()),
    });
  }

  /** A message only `user` sees, in `channel`. */
  async tell(channel: string, user: string, text: string): Promise<void> {
    await this.client.chat.postEphemeral({ channel, user, text });
  }
}

/** Errors a retry cannot fix: the app's token or the channel is wrong until someone acts. */
const PERMANENT = new Set([
  "invalid_auth",
  "not_authed",
  "account_inactive",
  "token_revoked",
  "token_expired",
  "missing_scope",
  "channel_not_found",
  "not_in_channel",
  "is_archived",
  "message_not_found",
  "cant_update_message",
  "invalid_blocks",
]);

/** A Slack API failure as the dispatcher reads it: permanent or worth another attempt. */
export function deliveryError(error: unknown): DeliveryError {
  if (error instanceof DeliveryError) return error;
  // safe: the client throws these, told apart by `code`; anything else falls to the default
  const slack = error as WebAPICallError;
  switch (slack?.code) {
    case ErrorCode.PlatformError: {
      const code = slack.data.error;
      return new DeliveryError(`Slack answered ${code}`, PERMANENT.has(code));
    }
    case ErrorCode.RateLimitedError:
      return new DeliveryError(`Slack rate-limited the call (retry after ${slack.retryAfter}s)`);
    case ErrorCode.HTTPError:
      return new DeliveryError(
        `Slack answered HTTP ${slack.statusCode}`,
        slack.statusCode < 500 && slack.statusCode !== 429,
      );
    case ErrorCode.RequestError:
      return new DeliveryError(`Slack could not be reached: ${slack.original.message}`);
    default:
      return new DeliveryError(error instanceof Error ? error.message : String(error));
  }
}
