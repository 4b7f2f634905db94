import type { Policy, ToolCall } from "../src/index.js";
import { parsePolicy } from "../src/index.js";

/** Parses a policy that the test expects to be valid, failing loudly with its errors. */
export function policyOf(yamlText: string, version = "v-test"): Policy {
  const result = parsePolicy(yamlText, { version });
  if (!result.ok) throw new Error(`policy did not load:\n${result.errors.join("\n")}`);
  return result.policy;
}

/** The errors of a policy the test expects to be refused. */
export function errorsOf(yamlText: string): string[] {
  const result = parsePolicy(yamlText);
  if (result.ok) throw new Error("expected the policy to be refused");
  return result.errors;
}

export function action(
  tool: string,
  operation: string,
  params: Record<string, unknown> = {},
  extra: Partial<ToolCall> = {},
): ToolCall {
  return { agent_id: "agent-1", tool, operation, params, ...extra };
}
