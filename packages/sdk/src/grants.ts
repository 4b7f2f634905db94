import type { Http } from "./http/http.js";
import type { Grant } from "./schema/grants.js";
import type {
  Cancellable,
  CreateGrantInput,
  GrantPage,
  ListGrantsOptions,
  RememberInput,
} from "./types.js";

/** The snake_case `remember` of an approval body. */
export function rememberBody(remember: RememberInput | undefined) {
  return remember === undefined
    ? undefined
    : { scope: remember.scope, ttl: remember.ttl, max_uses: remember.maxUses };
}

/** `POST /v1/grants` (approver role). Not retried: a retry after a lost answer would make two. */
export async function createGrant(
  http: Http,
  input: CreateGrantInput,
  options: Cancellable = {},
): Promise<Grant> {
  const body = {
    agent_id: input.agentId,
    tool: input.tool,
    operation: input.operation,
    request_hash: input.requestHash,
    match: input.match,
    ttl: input.ttl,
    max_uses: input.maxUses,
    reason: input.reason,
  };
  const response = await http.request<Grant>({
    method: "POST",
    path: "/v1/grants",
    body,
    retry: false,
    signal: options.signal,
  });
  return response.body;
}

/** `GET /v1/grants`: one page, newest first, with the cursor of the next. */
export async function listGrantsPage(
  http: Http,
  options: ListGrantsOptions = {},
): Promise<GrantPage> {
  const response = await http.request<Grant[]>({
    method: "GET",
    path: "/v1/grants",
    query: {
      status: options.status,
      agent_id: options.agentId,
      tool: options.tool,
      cursor: options.cursor,
      limit: options.limit,
    },
    retry: true,
    signal: options.signal,
  });
  return { items: response.body, nextCursor: response.headers.get("x-next-cursor") ?? undefined };
}

/** `GET /v1/grants/{id}`. */
export async function getGrant(http: Http, id: string, options: Cancellable = {}): Promise<Grant> {
  const path = `/v1/grants/${encodeURIComponent(id)}`;
  return (await http.request<Grant>({ method: "GET", path, retry: true, signal: options.signal }))
    .body;
}

/** `DELETE /v1/grants/{id}` (approver role): revoked at once; 409 when it already was. */
export async function revokeGrant(
  http: Http,
  id: string,
  options: Cancellable = {},
): Promise<Grant> {
  // Not retried: a retry after a lost answer would report 409 for a revocation that worked.
  const path = `/v1/grants/${encodeURIComponent(id)}`;
  return (
    await http.request<Grant>({ method: "DELETE", path, retry: false, signal: options.signal })
  ).body;
}
