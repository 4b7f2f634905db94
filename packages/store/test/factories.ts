import { type JsonObject, requestHash } from "@faramesh/policy-engine/canonical";
import type { DecisionKind, NewAction } from "../src/index.js";

let counter = 0;

/** A decided action as the server would hand it over; `request_hash` always matches. */
export function newAction(
  overrides: Partial<NewAction> & {
    decision?: DecisionKind;
    expiresInMs?: number;
    now?: Date;
  } = {},
): NewAction {
  const { expiresInMs, now, ...rest } = overrides;
  const decision = rest.decision ?? "allow";
  const n = ++counter;
  const base = {
    agent_id: rest.agent_id ?? "agent-1",
    tool: rest.tool ?? "http",
    operation: rest.operation ?? "get",
    params: rest.params ?? ({ url: `https://example.com/${n}`, n } as JsonObject),
    context: rest.context ?? {},
  };
  const pending = decision === "require_approval";
  const outcome = decision === "allow" ? "EXECUTE" : decision === "deny" ? "HALT" : "ABSTAIN";
  return {
    ...base,
    decision,
    reason: "test",
    risk_level: "low",
    approval_token: pending ? `tok-${n}` : null,
    policy_version: "v-test",
    policy_hash: "a".repeat(64),
    profile_id: null,
    profile_version: null,
    profile_hash: null,
    runtime_version: "0.1.0",
    request_hash: requestHash(base),
    provenance_id: "b".repeat(64),
    outcome,
    reason_code: pending
      ? "POLICY_REQUIRE_APPROVAL"
      : decision === "allow"
        ? "POLICY_ALLOW"
        : "POLICY_DENY",
    reason_details: { rule_id: "rule-1", rule_index: 0 },
    approval_expires_at: pending
      ? new Date((now ?? new Date()).getTime() + (expiresInMs ?? 3_600_000)).toISOString()
      : null,
    ...rest,
  };
}
