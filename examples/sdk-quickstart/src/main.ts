/**
 * The Faramesh SDK in three calls: one the policy allows, one it denies, and one that waits for
 * a human. Run: `pnpm --filter @faramesh/example-sdk-quickstart start`.
 */
import { FarameshClient, isFarameshError } from "@faramesh/sdk";
import { serverFor } from "./local-server.js";

const target = await serverFor(new URL("../policy.yaml", import.meta.url));
const agent = new FarameshClient({
  baseUrl: target.baseUrl,
  token: target.token,
  agentId: "quickstart-agent",
});

try {
  // 1. Allowed: govern() submits, claims the execution grant, runs the function, reports.
  const page = await agent.govern(
    { tool: "http", operation: "get", params: { url: "https://api.github.com/zen" } },
    () => {
      return { status: 200, bytes: 1256 }; // a real agent would fetch here
    },
  );
  console.log("1. http.get was allowed and ran:", page);

  // 2. Denied: the function never runs; the error says which rule and why.
  try {
    await agent.govern({ tool: "payments", operation: "refund", params: { amount: 5000 } }, () => {
      throw new Error("unreachable: a denied call never runs");
    });
  } catch (error) {
    if (!isFarameshError(error, "DENIED")) throw error;
    console.log(`2. payments.refund was denied: ${error.reasonCode} — ${error.reason}`);
  }

  // 3. Needs approval: govern() waits (following the server's event stream) until a human
  //    decides. Here a second client plays the human, approving exactly what it was shown.
  const human = new FarameshClient({ baseUrl: target.baseUrl, token: target.token });
  const approving = (async () => {
    for (;;) {
      const [pending] = await human.listActions({
        agentId: "quickstart-agent",
        status: "pending_approval",
      });
      if (pending) {
        console.log(
          `3. shell.run is waiting for approval: ${JSON.stringify(pending.params)} (request_hash ${pending.request_hash.slice(0, 12)}…)`,
        );
        await human.approveAction(pending.id, {
          reason: "quickstart demo",
          requestHash: pending.request_hash,
        });
        console.log("   a human approved it");
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  const output = await agent.govern(
    { tool: "shell", operation: "run", params: { cmd: "uptime" } },
    () => " 12:00:00 up 3 days",
  );
  await approving;
  console.log("   then it ran:", JSON.stringify(output));

  // The ledger has every step, hash-chained.
  const verification = await human.verifyLedger();
  console.log(
    `\nLedger: ${verification.events} events, chain ${verification.ok ? "intact" : `broken at seq ${verification.first_bad_seq}`}`,
  );
} finally {
  await target.close();
}
