import { type FarameshClient, isFarameshError, type SuggestedGrant } from "@faramesh/sdk";

/** Creates the suggested standing grant (`POST /v1/grants`, never retried by the SDK). */
export async function createGrant(client: FarameshClient, grant: SuggestedGrant): Promise<void> {
  await client.createGrant({
    agentId: grant.agent_id,
    tool: grant.tool,
    operation: grant.operation,
    requestHash: grant.request_hash,
    match: grant.match,
    ttl: grant.ttl,
    maxUses: grant.max_uses,
    reason: grant.reason,
  });
}

/** What to tell a person whose grant was not created. */
export function grantRefusal(error: unknown): string {
  if (isFarameshError(error) && error.status === 404)
    return "This server does not offer standing grants yet (POST /v1/grants answered 404). Nothing was granted; keep approving these one by one, or upgrade the server.";
  if (isFarameshError(error) && error.status === 403)
    return "Your role may not create grants. Nothing was granted; ask an approver or admin.";
  const message = error instanceof Error ? error.message : String(error);
  return `The grant was not created: ${message}`;
}
