import type { ToolCall } from "@faramesh/policy-engine";
import type { Deps } from "./context.js";
import { submitAction } from "./service/submit.js";

const DEMO_ACTIONS: ToolCall[] = [
  {
    agent_id: "research-bot",
    tool: "http",
    operation: "get",
    params: { url: "https://api.github.com/repos/faramesh/faramesh/issues" },
  },
  {
    agent_id: "ops-bot",
    tool: "shell",
    operation: "run",
    params: { cmd: "kubectl get pods -n payments" },
  },
  {
    agent_id: "ops-bot",
    tool: "shell",
    operation: "run",
    params: { cmd: "rm -rf /var/lib/postgresql" },
  },
  {
    agent_id: "support-bot",
    tool: "payments",
    operation: "refund",
    params: { amount: 4200, currency: "USD", customer: "cus_demo_81" },
  },
  {
    agent_id: "support-bot",
    tool: "email",
    operation: "send",
    params: { to: "customer@example.com", subject: "Your refund" },
  },
  {
    agent_id: "research-bot",
    tool: "http",
    operation: "post",
    params: { url: "https://hooks.example.com/notify", body: { text: "done" } },
  },
];

/**
 * Seeds an empty database with a few realistic actions, decided and stored through the normal
 * path (so they have hashes and ledger events) and marked `context.demo = true`.
 */
export async function seedDemo(
  deps: Pick<Deps, "store" | "engine" | "config" | "clock" | "metrics" | "logger">,
): Promise<number> {
  const existing = await deps.store.listActions({ limit: 1 });
  if (existing.total > 0) return 0;
  for (const demo of DEMO_ACTIONS) {
    const action = { ...demo, context: { demo: true } };
    const state = deps.engine.state;
    await submitAction(deps, action, deps.engine.decide(action, state), state.policy.redaction);
  }
  deps.logger.info("demo data seeded", { actions: DEMO_ACTIONS.length });
  return DEMO_ACTIONS.length;
}
