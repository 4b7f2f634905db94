import { canonicalize } from "@faramesh/policy-engine/canonical";
import type { FarameshClient } from "./client.js";
import {
  FarameshConnectionError,
  FarameshDeniedError,
  FarameshError,
  FarameshHashMismatchError,
  isFarameshError,
} from "./errors/errors.js";
import { isTemporary } from "./http/retry.js";
import { messageOf } from "./json.js";
import { MAX_TIMER_MS } from "./options.js";
import { computeRequestHash } from "./request-hash.js";
import { type Action, MAX_ERROR_CHARS } from "./schema/action.js";
import type { ActionCall, GovernOptions } from "./types.js";

/** What the governed work runs with. */
export interface GovernedRun {
  /**
   * The params to run with: the call's own, or, when a person approved an edit of them (and
   * `acceptEdits` allowed it), the approved params. Run these, not the call's.
   */
  params: Record<string, unknown>;
  /** True when these are a person's edit of the call's params. */
  edited: boolean;
}

/**
 * The governed work. It receives the action it may run (allowed or approved, execution
 * claimed), or `null` when the client fails open because the server could not be reached, and
 * the params to run with.
 */
export type GovernedFunction<R> = (action: Action | null, run: GovernedRun) => R | Promise<R>;

const PREVIEW_CHARS = 4_000;

/** See {@link FarameshClient.govern}. */
export async function govern<R>(
  client: FarameshClient,
  call: ActionCall,
  fn: GovernedFunction<R>,
  options: GovernOptions = {},
): Promise<R> {
  const request = client.toRequest(call);
  // Hashed before submitting: what the server decides on must be what runs.
  const expected = computeRequestHash(request);
  let action: Action;
  try {
    action = await client.submitAction(call, {
      ...(options.idempotencyKey === undefined ? {} : { idempotencyKey: options.idempotencyKey }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
  } catch (error) {
    if (
      client.options.failMode === "open" &&
      error instanceof FarameshConnectionError &&
      !error.mayHaveReachedServer
    ) {
      client.options.logger.error(
        `FAIL-OPEN: Faramesh at ${client.options.baseUrl} is unreachable (${error.failure}); running ${request.tool}.${request.operation} for agent ${request.agent_id} WITHOUT governance`,
        {
          tool: request.tool,
          operation: request.operation,
          agent_id: request.agent_id,
          failure: error.failure,
        },
      );
      return await fn(null, { params: call.params ?? {}, edited: false });
    }
    throw error;
  }

  if (action.status === "denied") throw FarameshDeniedError.of(action);
  if (action.status === "pending_approval") {
    action = await client.waitForApproval(action.id, {
      ...(options.approvalTimeoutMs === undefined ? {} : { timeoutMs: options.approvalTimeoutMs }),
      ...(options.pollIntervalMs === undefined ? {} : { pollIntervalMs: options.pollIntervalMs }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
  }
  if (action.status !== "allowed" && action.status !== "approved") {
    throw new FarameshError(
      "UNEXPECTED_STATUS",
      `Action ${action.id} is ${action.status}; only allowed or approved actions run`,
      {
        actionId: action.id,
        currentStatus: action.status,
      },
    );
  }
  const run = runOf(action, request, expected, call, options);

  const { action: started, executor } = await client.startExecution(
    action.id,
    options.signal === undefined ? {} : { signal: options.signal },
  );
  if (executor !== null) {
    // Running fn as well would do the work twice: the server is already running it.
    throw new FarameshError(
      "SERVER_EXECUTES",
      `Action ${action.id} is run by the server's ${executor} executor, so govern() did not run the function; use waitForCompletion(id) for its result`,
      { actionId: action.id, currentStatus: started.status },
    );
  }
  let value: R;
  try {
    value = await fn(started, run);
  } catch (error) {
    await report(client, action.id, { success: false, error: errorText(error) });
    throw error;
  }
  const serialize = options.serializeResult ?? toReportable;
  await report(client, action.id, { success: true, result: serialize(value) });
  return value;
}

/**
 * The params to run, checked against the approved `request_hash`: the call's own (hashed again:
 * they may have been changed while a person looked at them), or a person's edit of them, run
 * only with `acceptEdits` and only when the edit changed nothing but the params.
 */
function runOf(
  action: Action,
  request: ReturnType<FarameshClient["toRequest"]>,
  expected: string,
  call: ActionCall,
  options: GovernOptions,
): GovernedRun {
  if (action.request_hash === expected) {
    const now = computeRequestHash(request);
    if (now !== expected) throw new FarameshHashMismatchError(action.id, now, action.request_hash);
    return { params: call.params ?? {}, edited: false };
  }
  const params = action.params;
  const approved = computeRequestHash({ ...request, params });
  if (action.status !== "approved" || action.redacted === true || approved !== action.request_hash)
    throw new FarameshHashMismatchError(action.id, expected, action.request_hash);
  if (options.acceptEdits !== true)
    throw new FarameshError(
      "APPROVAL_EDITED",
      `Action ${action.id} was approved with edited params; nothing ran. Pass acceptEdits: true to govern() to run the approved params (given to your function as its second argument)`,
      { actionId: action.id, currentStatus: action.status },
    );
  return { params, edited: true };
}

/**
 * Reports the outcome, retrying a lost answer. The work has already run, so a report that
 * cannot be delivered is logged rather than thrown: throwing would invite the caller to run it
 * again. A 409 saying the action is already finished means an earlier attempt landed.
 */
async function report(
  client: FarameshClient,
  id: string,
  body: { success: boolean; error?: string; result?: unknown },
): Promise<void> {
  const attempts = client.options.retries + 1;
  let truncated = false;
  for (let attempt = 1; ; attempt++) {
    try {
      await client.reportResult(id, body);
      return;
    } catch (error) {
      if (
        isFarameshError(error, "CONFLICT") &&
        (error.currentStatus === "succeeded" || error.currentStatus === "failed")
      ) {
        return;
      }
      if (
        isFarameshError(error) &&
        (error.status === 413 || error.status === 422) &&
        body.result !== undefined &&
        !truncated
      ) {
        truncated = true;
        body = { ...body, result: preview(body.result) };
        continue;
      }
      if (!isTemporary(error) || attempt >= attempts) {
        client.options.logger.error(
          `Could not report the result of action ${id}; it ran, but the ledger does not show how it ended`,
          {
            action_id: id,
            error: messageOf(error),
          },
        );
        return;
      }
      await new Promise((resolve) =>
        setTimeout(
          resolve,
          Math.min(client.options.retryDelayMs * 2 ** (attempt - 1), MAX_TIMER_MS),
        ),
      );
    }
  }
}

/**
 * The thrown error's message as the server takes it: cut to its limit (HTTP client errors with
 * response bodies, a process's stderr), so the report lands and the action ends `failed`.
 */
function errorText(error: unknown): string {
  const message = messageOf(error);
  if (message.length <= MAX_ERROR_CHARS) return message;
  const marker = ` … [cut from ${message.length} characters]`;
  let end = MAX_ERROR_CHARS - marker.length;
  // Never split a surrogate pair: the server refuses a lone surrogate.
  if (/[\uD800-\uDBFF]/.test(message.charAt(end - 1))) end--;
  return message.slice(0, end) + marker;
}

/** `fn`'s value as JSON the server accepts: as is when it has a canonical form, else its text. */
function toReportable(value: unknown): unknown {
  if (value === undefined) return null;
  try {
    canonicalize(value);
    return value;
  } catch {
    return String(value);
  }
}

/** A stand-in for a result the server refused (too large, too deep): its start, as text. */
function preview(value: unknown): { truncated: true; preview: string } {
  let text: string;
  try {
    text = typeof value === "string" ? value : canonicalize(value);
  } catch {
    text = String(value);
  }
  return { truncated: true, preview: text.slice(0, PREVIEW_CHARS) };
}
