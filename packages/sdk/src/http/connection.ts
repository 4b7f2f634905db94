import { type ConnectionFailure, FarameshConnectionError } from "../errors/errors.js";
import { messageOf } from "../json.js";

// Codes and messages seen from undici (Node), Bun and Deno when a connection cannot be made.
const REFUSED = /ECONNREFUSED|ConnectionRefused|connection refused/i;
const DNS = /ENOTFOUND|EAI_AGAIN|EAI_NONAME|DNS|failed to lookup address|getaddrinfo/i;
const CONNECT_TIMEOUT = /UND_ERR_CONNECT_TIMEOUT|ConnectTimeout|connect timeout/i;
const RESET =
  /ECONNRESET|EPIPE|UND_ERR_SOCKET|other side closed|socket hang up|ConnectionClosed|connection reset/i;

/**
 * Turns a `fetch` rejection into a {@link FarameshConnectionError}, reading the causes that
 * runtimes attach. Anything unrecognised (a browser's bare "Failed to fetch") is `unknown`,
 * which counts as possibly delivered and so never fails open.
 */
export function connectionError(error: unknown, url: string): FarameshConnectionError {
  const text = describe(error);
  const failure: ConnectionFailure = REFUSED.test(text)
    ? "refused"
    : DNS.test(text)
      ? "dns"
      : CONNECT_TIMEOUT.test(text)
        ? "connect_timeout"
        : RESET.test(text)
          ? "reset"
          : "unknown";
  return new FarameshConnectionError(
    `No response from ${url} (${failure}): ${messageOf(error)}`,
    failure,
    {
      cause: error,
    },
  );
}

/** The codes and messages of an error and its causes (and an AggregateError's members). */
function describe(error: unknown, depth = 0): string {
  if (depth > 4 || typeof error !== "object" || error === null) return String(error);
  const record = error as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  const parts = [String(record.code ?? ""), String(record.message ?? "")];
  if (record.cause !== undefined) parts.push(describe(record.cause, depth + 1));
  if (Array.isArray(record.errors))
    for (const inner of record.errors) parts.push(describe(inner, depth + 1));
  return parts.join(" ");
}
