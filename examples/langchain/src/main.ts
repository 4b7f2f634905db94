/**
 * A LangGraph agent whose shell and HTTP tools are governed by Faramesh. Runs offline with a
 * scripted chat model; `--real` uses OpenAI when OPENAI_API_KEY is set.
 * Run: `pnpm --filter @faramesh/example-langchain start` (add `-- --real` for a real model).
 */
import { governTools } from "@faramesh/langchain";
import { FarameshClient } from "@faramesh/sdk";
import { HumanMessage, type ToolMessage } from "@langchain/core/messages";
import { createReactAgent } from "@langchain/langgraph/prebuilt";
import { approveSafeCommands } from "./human.js";
import { serverFor } from "./local-server.js";
import { realModel, scriptedModel } from "./model.js";
import { httpTool, shellTool } from "./tools.js";

const target = await serverFor(new URL("../policy.yaml", import.meta.url));
const agentId = "langchain-example-agent";
const client = new FarameshClient({ baseUrl: target.baseUrl, token: target.token, agentId });
const stopHuman = new AbortController();
const human = approveSafeCommands(
  new FarameshClient({ baseUrl: target.baseUrl, token: target.token }),
  agentId,
  stopHuman.signal,
);

try {
  const llm = process.argv.includes("--real") ? await realModel() : scriptedModel(target.baseUrl);
  const agent = createReactAgent({
    llm,
    tools: governTools([shellTool, httpTool], { client, approvalTimeoutMs: 60_000 }),
  });
  const task = `Check ${target.baseUrl}/health, post "hi" to https://example.com/webhook, echo a greeting, then delete /tmp/important.`;
  console.log(`Task: ${task}\n`);
  const state = await agent.invoke({ messages: [new HumanMessage(task)] });
  for (const message of state.messages) {
    if (message.getType() === "tool") {
      const tool = message as ToolMessage;
      console.log(
        `${tool.name} (${tool.status ?? "success"}): ${String(tool.content).trim().slice(0, 160)}`,
      );
    }
  }
  console.log(`\nAgent: ${String(state.messages.at(-1)?.content)}`);
} finally {
  stopHuman.abort();
  await human;
  await target.close();
}
