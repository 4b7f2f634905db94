import { requestHash } from "@faramesh/policy-engine/canonical";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Harness, harness, shell } from "../../test/harness.js";

let h: Harness;
beforeEach(async () => {
  h = await harness();
});
afterEach(() => h.close());

const json = async (res: Response) => JSON.parse(await res.text());
const submit = (body: object) => h.call("POST", "/v1/actions", { body });

describe("the agent's group_id and agent_reason", () => {
  it("are stored and shown, never hashed, and list by group", async () => {
    const call = shell("ls");
    const res = await submit({ ...call, group_id: "task-42", agent_reason: "Checking the disk" });
    expect(res.status).toBe(200);
    const action = await json(res);
    expect(action).toMatchObject({
      group_id: "task-42",
      agent_reason: "Checking the disk",
      request_hash: requestHash({ ...call, context: {} }),
    });
    const other = await json(await submit(shell("pwd")));
    expect(other).toMatchObject({ group_id: null, agent_reason: null });
    const listed = await json(await h.call("GET", "/v1/actions?group_id=task-42"));
    expect(listed.map((a: { id: string }) => a.id)).toEqual([action.id]);
    expect(await json(await h.call("GET", `/v1/actions/${action.id}`))).toMatchObject({
      group_id: "task-42",
    });
  });

  it("are accepted and ignored by gate/decide", async () => {
    const res = await h.call("POST", "/v1/gate/decide", {
      body: { ...shell("ls"), group_id: "g", agent_reason: "why" },
    });
    expect(res.status).toBe(200);
    expect((await json(res)).request_hash).toBe(requestHash({ ...shell("ls"), context: {} }));
  });

  it.each([
    ["group_id", "x".repeat(129)],
    ["group_id", ""],
    ["group_id", " padded"],
    ["group_id", "a\u202eb"],
    ["group_id", 7],
    ["agent_reason", "x".repeat(1001)],
    ["agent_reason", null],
  ])("refuses %s = %j with 422 naming the field", async (field, value) => {
    const res = await submit({ ...shell("ls"), [field]: value });
    expect(res.status).toBe(422);
    expect((await json(res)).errors[0].path).toBe(field);
  });
});
