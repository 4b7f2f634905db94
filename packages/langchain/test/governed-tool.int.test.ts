import { FarameshClient, FarameshDeniedError } from "@faramesh/sdk";
import { ToolMessage } from "@langchain/core/messages";
import { DynamicTool, tool } from "@langchain/core/tools";
import { FakeTool } from "@langchain/core/utils/testing";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { GovernedTool, governTools } from "../src/index.js";
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

const client = () => agentClient(server.url, server.adminToken);

describe("GovernedTool", () => {
  it("keeps the wrapped tool's name, description and schema", () => {
    const { tools } = fakeTools();
    const governed = new GovernedTool({ tool: tools.shell, client: client() });
    expect(governed.name).toBe("shell");
    expect(governed.description).toBe("Run a shell command");
    expect(governed.schema).toBe(tools.shell.schema);
  });

  it("runs an allowed call once and records the result", async () => {
    const { tools, spies } = fakeTools();
    const faramesh = client();
    const governed = new GovernedTool({ tool: tools.httpGet, client: faramesh });
    expect(await governed.invoke({ url: "https://example.com" })).toBe(
      "200 OK from https://example.com",
    );
    expect(spies.httpGet).toHaveBeenCalledTimes(1);
    const [action] = await admin.listActions({ agentId: faramesh.options.agentId });
    expect(action).toMatchObject({
      tool: "http_get",
      operation: "invoke",
      params: { url: "https://example.com" },
      status: "succeeded",
      result: "200 OK from https://example.com",
    });
  });

  it("never runs a denied call and tells the model why", async () => {
    const { tools, spies } = fakeTools();
    const governed = new GovernedTool({ tool: tools.payments, client: client() });
    expect(await governed.invoke({ amount: 500 })).toBe(
      "Action denied by policy (POLICY_DENY): Agents never move money. Do not retry it in another form.",
    );
    expect(spies.payments).not.toHaveBeenCalled();
  });

  it("throws the typed denial when configured to", async () => {
    const { tools, spies } = fakeTools();
    const governed = new GovernedTool({
      tool: tools.payments,
      client: client(),
      onDenied: "throw",
    });
    await expect(governed.invoke({ amount: 500 })).rejects.toBeInstanceOf(FarameshDeniedError);
    expect(spies.payments).not.toHaveBeenCalled();
  });

  it("waits for approval, then runs", async () => {
    const { tools, spies } = fakeTools();
    const faramesh = client();
    const governed = new GovernedTool({ tool: tools.shell, client: faramesh });
    const approval = approveNextPending(admin, faramesh.options.agentId).then(
      () => spies.shell.mock.calls.length,
    );
    expect(await governed.invoke({ cmd: "ls" })).toBe("ran: ls");
    expect(await approval).toBe(0); // not run before the approval
    expect(spies.shell).toHaveBeenCalledTimes(1);
  });

  it("runs the wrapped tool with the input as a person edited it", async () => {
    const { tools, spies } = fakeTools();
    const faramesh = client();
    const governed = new GovernedTool({ tool: tools.shell, client: faramesh });
    const approval = approveNextPending(admin, faramesh.options.agentId, {
      params: { cmd: "ls /tmp" },
    });
    expect(await governed.invoke({ cmd: "ls /" })).toBe("ran: ls /tmp");
    await approval;
    expect(spies.shell).toHaveBeenCalledTimes(1);
    const [action] = await admin.listActions({ agentId: faramesh.options.agentId });
    expect(action).toMatchObject({ status: "succeeded", params: { cmd: "ls /tmp" } });
  });

  it("with acceptEdits false, an edited approval runs nothing and throws", async () => {
    const { tools, spies } = fakeTools();
    const faramesh = client();
    const governed = new GovernedTool({ tool: tools.shell, client: faramesh, acceptEdits: false });
    const approval = approveNextPending(admin, faramesh.options.agentId, {
      params: { cmd: "ls /tmp" },
    });
    await expect(governed.invoke({ cmd: "ls /" })).rejects.toMatchObject({
      code: "APPROVAL_EDITED",
    });
    await approval;
    expect(spies.shell).not.toHaveBeenCalled();
  });

  it("tells the model that a person denied the call, with the approver's reason", async () => {
    const { tools, spies } = fakeTools();
    const faramesh = client();
    const governed = new GovernedTool({ tool: tools.shell, client: faramesh });
    const denial = approveNextPending(admin, faramesh.options.agentId, "not on prod");
    expect(await governed.invoke({ cmd: "rm -rf /" })).toMatch(
      /^A person denied this call: Denied by .+: not on prod\. Do not retry it\.$/,
    );
    await denial;
    expect(spies.shell).not.toHaveBeenCalled();
  });

  it("never runs when the approval expires", async () => {
    const { tools, spies } = fakeTools();
    const governed = new GovernedTool({ tool: tools.deploy, client: client() });
    expect(await governed.invoke({ env: "prod" })).toMatch(
      /^Nobody approved this call in time \(APPROVAL_EXPIRED\): .+\. You may ask again later\.$/,
    );
    expect(spies.deploy).not.toHaveBeenCalled();
  });

  it("never runs when nobody approves in time", async () => {
    const { tools, spies } = fakeTools();
    const governed = new GovernedTool({
      tool: tools.shell,
      client: client(),
      approvalTimeoutMs: 150,
    });
    expect(await governed.invoke({ cmd: "ls" })).toBe(
      "Nobody approved this call in time (APPROVAL_TIMEOUT): No approval within 150 ms. You may ask again later.",
    );
    expect(spies.shell).not.toHaveBeenCalled();
  });

  it("reports the wrapped tool's exception as failed and re-throws it", async () => {
    const { tools, spies } = fakeTools();
    spies.httpGet.mockRejectedValueOnce(new Error("DNS failure"));
    const faramesh = client();
    const governed = new GovernedTool({ tool: tools.httpGet, client: faramesh });
    await expect(governed.invoke({ url: "https://nowhere.invalid" })).rejects.toThrow(
      "DNS failure",
    );
    const [action] = await admin.listActions({ agentId: faramesh.options.agentId });
    expect(action).toMatchObject({ status: "failed", error: "DNS failure" });
  });

  it("answers a tool call with a ToolMessage carrying its id, as an error when denied", async () => {
    const { tools } = fakeTools();
    const allowed = await new GovernedTool({ tool: tools.httpGet, client: client() }).invoke({
      type: "tool_call",
      id: "call_1",
      name: "http_get",
      args: { url: "https://example.com" },
    });
    expect(allowed).toBeInstanceOf(ToolMessage);
    expect(allowed).toMatchObject({
      tool_call_id: "call_1",
      content: "200 OK from https://example.com",
    });
    const denied = await new GovernedTool({ tool: tools.payments, client: client() }).invoke({
      type: "tool_call",
      id: "call_2",
      name: "payments",
      args: { amount: 1 },
    });
    expect(denied).toMatchObject({
      tool_call_id: "call_2",
      status: "error",
      content:
        "Action denied by policy (POLICY_DENY): Agents never move money. Do not retry it in another form.",
    });
  });

  it("runs the tool with exactly what was submitted, its schema's transform applied once", async () => {
    const received: unknown[] = [];
    const toCents = tool(
      async (input: { amount: number }) => {
        received.push(input.amount);
        return "ok";
      },
      {
        name: "http_get", // allowed by the test policy
        description: "dollars in, cents to the tool",
        schema: z.object({ amount: z.number().transform((dollars) => Math.round(dollars * 100)) }),
      },
    );
    const faramesh = client();
    const governed = new GovernedTool({ tool: toCents, client: faramesh });
    await governed.invoke({ amount: 5 });
    await governed.invoke({
      type: "tool_call",
      id: "call_9",
      name: "http_get",
      args: { amount: 7 },
    });
    const actions = await admin.listActions({ agentId: faramesh.options.agentId });
    const submitted = actions.map((a) => a.params.amount).sort();
    expect(received.sort()).toEqual([500, 700]);
    expect(submitted).toEqual([500, 700]);
  });

  it("governs StructuredTool subclasses and string tools", async () => {
    const fake = new FakeTool({
      name: "http_get",
      description: "fake",
      schema: z.object({ url: z.string() }),
    });
    expect(await new GovernedTool({ tool: fake, client: client() }).invoke({ url: "u" })).toEqual(
      expect.any(String),
    );
    const func = vi.fn(async (input: string) => `echo ${input}`);
    const faramesh = client();
    const stringTool = new DynamicTool({ name: "http_get", description: "string input", func });
    expect(await new GovernedTool({ tool: stringTool, client: faramesh }).invoke("hello")).toBe(
      "echo hello",
    );
    const [action] = await admin.listActions({ agentId: faramesh.options.agentId });
    expect(action?.params).toEqual({ input: "hello" });
  });
});

describe("governTools", () => {
  it("wraps each tool with the same options", () => {
    const { tools } = fakeTools();
    const governed = governTools([tools.httpGet, tools.shell], {
      client: client(),
      operation: "call",
    });
    expect(governed.map((t) => [t.name, t instanceof GovernedTool])).toEqual([
      ["http_get", true],
      ["shell", true],
    ]);
  });
});
