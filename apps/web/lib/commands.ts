import type { Action } from "@faramesh/sdk";

/** POSIX single-quoting: the text stays one literal argument whatever it holds. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * The next step for a pending action as a curl command (approve, bound to its request hash) or,
 * for any other status, how to read it. The token stays a variable: never copied in clear.
 */
export function curlCommand(
  action: Pick<Action, "id" | "status" | "request_hash">,
  origin: string,
): string {
  const auth = `-H "authorization: Bearer $FARAMESH_TOKEN"`;
  const url = (path: string) =>
    shellQuote(`${origin}/v1/actions/${encodeURIComponent(action.id)}${path}`);
  if (action.status !== "pending_approval") return `curl -s ${url("")} ${auth}`;
  const body = JSON.stringify({
    approve: true,
    reason: "reviewed",
    request_hash: action.request_hash,
  });
  return `curl -s ${url("/approval")} ${auth} -H 'content-type: application/json' -d ${shellQuote(body)}`;
}

/** The same step with the `faramesh` CLI. */
export function cliCommand(action: Pick<Action, "id" | "status">, origin: string): string {
  const base = `faramesh --base-url ${shellQuote(origin)}`;
  return action.status === "pending_approval"
    ? `${base} approve ${shellQuote(action.id)} --reason reviewed`
    : `${base} explain ${shellQuote(action.id)}`;
}
