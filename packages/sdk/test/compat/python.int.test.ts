import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "../support/server.js";
import { runClient03 } from "./python.js";

// A real Python client shaped like Faramesh 0.3's SDK and CLI (client03.py) against the server.
let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

interface Step {
  name: string;
  status: number;
  body: Record<string, unknown> & Record<string, unknown>[];
}

describe("a Faramesh 0.3 Python client (requests)", () => {
  it("reads each event with iter_lines() as it happens: unnamed, chunked, within a second", async () => {
    // Generous for a busy machine; a close-delimited body kept it waiting for minutes.
    const seen = await runClient03("stream", server.url, server.adminToken, 30_000);
    expect(seen.error).toBeUndefined();
    expect(seen).toMatchObject({ type: "action.created", named: false });
    expect(seen.id).toBe(seen.submitted_id);
    expect(seen.transfer_encoding).toBe("chunked");
    // Measured from the submission's answer; a buffered read of a close-delimited body waits
    // for the 15 s heartbeat and more.
    expect(seen.ms_after_answer).toBeLessThan(1000);
  }, 120_000);

  it("is answered on every route it called, with 0.3's bodies and headers", async () => {
    const { results } = await runClient03("routes", server.url, server.adminToken);
    const steps = new Map((results as Step[]).map((step) => [step.name, step]));
    const step = (name: string) => {
      const found = steps.get(name);
      if (found === undefined) throw new Error(`no step ${name}`);
      expect(found.status, `${name}: ${JSON.stringify(found.body)}`).toBe(200);
      return found.body;
    };
    expect(step("sdk submit")).toMatchObject({ status: "allowed", agent_id: "py-03" });
    expect(step("sdk submit pending 0")).toMatchObject({ status: "pending_approval" });
    expect(step("sdk get")).toMatchObject({ status: "allowed" });
    expect(step("sdk list").map((a) => a.status)).toEqual(Array(3).fill("pending_approval"));
    const submitted = ["sdk submit", ...[0, 1, 2].map((k) => `sdk submit pending ${k}`)];
    expect(step("cli list").map((a) => a.id)).toEqual(
      expect.arrayContaining(submitted.map((name) => step(name).id)),
    );
    expect(step("sdk gate decide")).toMatchObject({ outcome: "EXECUTE", decision: "allow" });
    expect(step("sdk approve")).toMatchObject({ status: "approved" });
    expect(step("cli approve")).toMatchObject({
      status: "approved",
      reason: "Approved by admin-token",
    });
    expect(step("sdk deny")).toMatchObject({ status: "denied" });
    expect(step("sdk deny").reason).toContain("Too dangerous");
    expect(step("sdk start")).toMatchObject({ status: "executing" });
    expect(step("result success")).toMatchObject({ status: "succeeded" });
    expect(step("result failure")).toMatchObject({ status: "failed", error: "exit 1" });
    expect(step("cli events").map((e) => e.event_type)).toEqual([
      "created",
      "decision_made",
      "started",
      "succeeded",
    ]);
    expect(step("policy info")).toMatchObject({
      policy_file: server.policyFile,
      policy_path: server.policyFile,
      exists: true,
    });
    for (const path of ["/health", "/ready", "/metrics"]) step(`get ${path}`);
  }, 120_000);
});
