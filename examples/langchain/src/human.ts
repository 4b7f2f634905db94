import type { FarameshClient } from "@faramesh/sdk";

const SAFE_PROGRAMS = new Set(["echo", "date", "uptime", "whoami"]);

/**
 * Plays the human at the dashboard: follows the event stream and answers every approval
 * request of `agentId`, approving harmless programs and denying the rest, bound to the exact
 * request hash it looked at.
 */
export async function approveSafeCommands(
  approver: FarameshClient,
  agentId: string,
  signal: AbortSignal,
): Promise<void> {
  for await (const event of approver.streamEvents({
    agentId,
    status: "pending_approval",
    signal,
  })) {
    const action = await approver.getAction(event.data.id);
    if (action.status !== "pending_approval") continue;
    const program = String(action.params.program);
    const shown = `${program} ${JSON.stringify(action.params.args)}`;
    if (SAFE_PROGRAMS.has(program)) {
      await approver.approveAction(action.id, {
        requestHash: action.request_hash,
        reason: "harmless",
      });
      console.log(`   [human] approved: ${shown}`);
    } else {
      await approver.denyAction(action.id, {
        requestHash: action.request_hash,
        reason: `${program} is not on the allow-list`,
      });
      console.log(`   [human] denied:   ${shown}`);
    }
  }
}
