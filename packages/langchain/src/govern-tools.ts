import type { StructuredToolInterface } from "@langchain/core/tools";
import { GovernedTool, type GovernedToolOptions } from "./governed-tool.js";

/**
 * Wraps every tool of a list in a {@link GovernedTool} with the same options.
 *
 * @example
 * const tools = governTools([shellTool, httpTool], { client, agentId: "ops-bot" });
 * const agent = createReactAgent({ llm, tools });
 */
export function governTools(
  tools: readonly StructuredToolInterface[],
  options: Omit<GovernedToolOptions, "tool">,
): GovernedTool[] {
  return tools.map((tool) => new GovernedTool({ ...options, tool }));
}
