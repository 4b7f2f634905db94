import { writeFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Harness, harness, httpGet, shell } from "../../test/harness.js";

const POLICY = `
rules:
  - id: http-get
    match: { tool: http, op: get }
    allow: true
  - id: deploy
    match: { tool: deploy }
    allow: true
    start_within: 30s
  - id: shell
    match: { tool: shell }
    require_approval: true
    start_within: 2m
`;
const LOCKDOWN = `
rules:
  - id: nothing
    match: { tool: "*" }
    deny: true
    description: Lock-down
`;

describe("start deadlines and the policy re-check at start", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness({
      policy: POLICY,
      policyFile: true,
      env: { FARAMESH_START_DEADLINE: "10m" },
    });
  });
  afterEach(async () => h.close());

  const submit = async (body: unknown) =>
    (await (await h.call("POST", "/v1/actions", { body })).json()) as { id: string };
  const start = (id: string) => h.call("POST", `/v1/actions/${id}/start`);
  const approve = (id: string) =>
    h.call("POST", `/v1/actions/${id}/approval`, { body: { approve: true } });
  const statusOf = async (id: string) =>
    ((await (await h.call("GET", `/v1/actions/${id}`)).json()) as { status: string }).status;
  async function expectRefused(id: string, code: string, status: string) {
    const res = await start(id);
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ code, current_status: status });
    // Nothing changed: the grant is refused, not consumed.
    expect(await statusOf(id)).toBe(status);
  }

  it("an allowed action starts within the global deadline of its decision, not after", async () => {
    const early = await submit(httpGet());
    const late = await submit(httpGet("https://example.org"));
    h.advance(10 * 60_000);
    expect((await start(early.id)).status).toBe(200);
    h.advance(1);
    await expectRefused(late.id, "START_EXPIRED", "allowed");
  });

  it("a rule's start_within wins over the global deadline", async () => {
    const deploy = { agent_id: "agent-1", tool: "deploy", operation: "run", params: {} };
    const early = await submit(deploy);
    const late = await submit({ ...deploy, params: { n: 2 } });
    h.advance(30_000);
    expect((await start(early.id)).status).toBe(200);
    h.advance(1);
    await expectRefused(late.id, "START_EXPIRED", "allowed");
  });

  it("an approved action's deadline runs from its approval", async () => {
    const early = await submit(shell("ls"));
    const late = await submit(shell("ls -l"));
    h.advance(5 * 60_000);
    expect((await approve(early.id)).status).toBe(200);
    expect((await approve(late.id)).status).toBe(200);
    h.advance(2 * 60_000);
    expect((await start(early.id)).status).toBe(200);
    h.advance(1);
    await expectRefused(late.id, "START_EXPIRED", "approved");
  });

  it("a lock-down reload refuses grants already given, and lifting it lets them start", async () => {
    const allowed = await submit(httpGet());
    const approved = await submit(shell("ls"));
    expect((await approve(approved.id)).status).toBe(200);
    const file = h.engine.policyFile as string;
    writeFileSync(file, LOCKDOWN);
    expect((await h.call("POST", "/v1/policy/reload")).status).toBe(200);
    await expectRefused(allowed.id, "POLICY_DENIES_START", "allowed");
    await expectRefused(approved.id, "POLICY_DENIES_START", "approved");
    const refused = (await (await start(allowed.id)).json()) as { detail: string };
    expect(refused.detail).toMatch(/policy in force .* now denies .*Lock-down/);
    writeFileSync(file, POLICY);
    expect((await h.call("POST", "/v1/policy/reload")).status).toBe(200);
    expect((await start(allowed.id)).status).toBe(200);
    expect((await start(approved.id)).status).toBe(200);
  });

  it("the deadline is checked before the policy: a lapsed grant stays lapsed", async () => {
    const action = await submit(httpGet());
    h.advance(10 * 60_000 + 1);
    writeFileSync(h.engine.policyFile as string, LOCKDOWN);
    expect((await h.call("POST", "/v1/policy/reload")).status).toBe(200);
    await expectRefused(action.id, "START_EXPIRED", "allowed");
  });
});
