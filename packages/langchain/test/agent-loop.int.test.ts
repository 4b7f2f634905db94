import { FarameshClient } from "@faramesh/sdk";
import { AIMessage, HumanMessage, type ToolMessage } from "@langchain/core/messages";
import { fakeModel } from "@langchain/core/testing";
import { createReactAgent } from "@langchain/langgraph/prebuilt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { governTools } from "../src/index.js";
import {
  agentClient,
  approveNextPending,
  fakeTools,
  POLICY,
  startServer,
  type TestServer,
} from "./support.js";

let server: TestServer;
let admin: FarameshClient;

beforeAll(async () => {
  server = await startServer({ policy: POLICY });
  admin = new FarameshClient({ baseUrl: server.url, token: server.adminToken });
});
afterAll(async () => {
  await server?.stop();
});

const toolMessages = (messages: unknown[]) =>
  (messages as ToolMessage[])
    .filter((m) => m.getType() === "tool")
    .map((m) => [m.tool_call_id, m.status ?? "success", m.content]);

describe("GovernedTool in LangGraph's prebuilt agent loop", () => {
  it("runs allowed calls, reports denials to the model, and waits for approvals", async () => {
    const { tools, spies } = fakeTools();
    const faramesh = agentClient(server.url, server.adminToken);
    const model = fakeModel()
      .respondWithTools([
        { name: "http_get", args: { url: "https://example.com" }, id: "call_http" },
        { name: "payments", args: { amount: 500 }, id: "call_pay" },
      ])
      .respondWithTools([{ name: "shell", args: { cmd: "uptime" }, id: "call_shell" }])
      .respond(new AIMessage("All done."));
    const agent = createReactAgent({
      llm: model,
      tools: governTools(Object.values(tools), { client: faramesh }),
    });

    const approval = approveNextPending(admin, faramesh.options.agentId);
    const state = await agent.invoke({
      messages: [new HumanMessage("check the site, refund, then uptime")],
    });
    await approval;

    expect(toolMessages(state.messages)).toEqual([
      ["call_http", "success", "200 OK from https://example.com"],
      [
        "call_pay",
        "error",
        "Action denied by policy (POLICY_DENY): Agents never move money. Do not retry it in another form.",
      ],
      ["call_shell", "success", "ran: uptime"],
    ]);
    expect(state.messages.at(-1)?.content).toBe("All done.");
    expect(spies.httpGet).toHaveBeenCalledTimes(1);
    expect(spies.payments).not.toHaveBeenCalled();
    expect(spies.shell).toHaveBeenCalledTimes(1);
    // The model saw the denial before its next turn.
    expect(JSON.stringify(model.calls[1]?.messages)).toContain(
      "Action denied by policy (POLICY_DENY)",
    );

    const actions = await admin.listActions({ agentId: faramesh.options.agentId });
    expect(actions.map((a) => [a.tool, a.status]).sort()).toEqual([
      ["http_get", "succeeded"],
      ["payments", "denied"],
      ["shell", "succeeded"],
    ]);
    expect(actions.find((a) => a.tool === "http_get")?.context).toEqual({
      source: "langchain",
      tool_call_id: "call_http",
    });
  });
});
