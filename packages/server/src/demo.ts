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
 * path (so they have hashes and ledger events) and marked `context.demo = true`. Says what it
 * seeded, or that a database already holding actions was left alone.
 */
export async function seedDemo(
  deps: Pick<Deps, "store" | "engine" | "config" | "clock" | "metrics" | "logger">,
): Promise<number> {
  const existing = await deps.store.listActions({ limit: 1 });
  if (existing.total > 0) {
    deps.logger.warn(
      `demo data not seeded: the database already holds ${existing.total} action(s); the demo seeds only an empty database`,
    );
    return 0;
  }
  const statuses = new Map<string, number>();
  for (const demo of DEMO_ACTIONS) {
    const action = { ...demo, context: { demo: true } };
    const state = deps.engine.state;
    const created = await submitAction(
      deps,
      action,
      deps.engine.decide(action, state),
      state.policy.redaction,
    );
    const { status } = created.action;
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
  }
  const agents = [...new Set(DEMO_ACTIONS.map((demo) => demo.agent_id))];
  const counts = [...statuses].map(([status, n]) => `${n} ${status.replace("_", " ")}`);
  deps.logger.info(
    `demo data seeded: ${DEMO_ACTIONS.length} actions by ${agents.join(", ")} (${counts.join(", ")}), marked context.demo = true`,
  );
  return DEMO_ACTIONS.length;
}
