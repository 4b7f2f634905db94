import { type FarameshClient, isFarameshError, type SuggestedGrant } from "@faramesh/sdk";

/**
 * Creates a standing grant (`POST /v1/grants`) through the SDK's transport, so the token,
 * timeouts and typed errors are the client's own.
 */
export async function createGrant(client: FarameshClient, grant: SuggestedGrant): Promise<void> {
  // Not retried: a second delivery could create a second grant.
  await client.http.request({ method: "POST", path: "/v1/grants", body: grant, retry: false });
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
