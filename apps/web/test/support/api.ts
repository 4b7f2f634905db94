import { FarameshClient, type Role } from "@faramesh/sdk";
import { ADMIN_TOKEN } from "./server.js";

/** An admin client for the test's own submissions and tokens. */
export function adminClient(url: string, agentId = "web-test-agent"): FarameshClient {
  return new FarameshClient({ baseUrl: url, token: ADMIN_TOKEN, agentId, retries: 0 });
}

export async function roleToken(url: string, role: Role, name: string): Promise<string> {
  return (await adminClient(url).createToken({ name, role })).token;
}
