import { afterEach, describe, expect, it, vi } from "vitest";
import { DEFAULT_AGENT_ID, DEFAULT_BASE_URL, resolveOptions } from "./options.js";

afterEach(() => {
  vi.unstubAllEnvs();
  vi.unstubAllGlobals();
});

describe("resolveOptions", () => {
  it("uses defaults when neither arguments nor environment say anything", () => {
    vi.stubEnv("FARAMESH_BASE_URL", "");
    vi.stubEnv("FARA_API_BASE", "");
    vi.stubEnv("FARAMESH_TOKEN", "");
    vi.stubEnv("FARAMESH_AGENT_ID", "");
    const options = resolveOptions();
    expect(options).toMatchObject({
      baseUrl: DEFAULT_BASE_URL,
      agentId: DEFAULT_AGENT_ID,
      token: undefined,
      failMode: "closed",
      retries: 2,
    });
  });

  it("reads the environment, the 0.3 name as a fallback, and the first of several tokens", () => {
    vi.stubEnv("FARAMESH_BASE_URL", "");
    vi.stubEnv("FARA_API_BASE", "http://legacy:9000/");
    vi.stubEnv("FARAMESH_TOKEN", "first-token, second-token");
    vi.stubEnv("FARAMESH_AGENT_ID", "env-agent");
    expect(resolveOptions()).toMatchObject({
      baseUrl: "http://legacy:9000",
      token: "first-token",
      agentId: "env-agent",
    });
    vi.stubEnv("FARAMESH_BASE_URL", "http://new:8000");
    expect(resolveOptions().baseUrl).toBe("http://new:8000");
  });

  it("caps delays at what a timer can wait, Infinity included", () => {
    const resolved = resolveOptions({ timeoutMs: 3e9, pollIntervalMs: Number.POSITIVE_INFINITY });
    expect([resolved.timeoutMs, resolved.pollIntervalMs]).toEqual([2 ** 31 - 1, 2 ** 31 - 1]);
    expect(resolveOptions({ timeoutMs: 0, retryDelayMs: Number.NaN })).toMatchObject({
      timeoutMs: 30_000,
      retryDelayMs: 250,
    });
  });

  it("prefers arguments over the environment", () => {
    vi.stubEnv("FARAMESH_AGENT_ID", "env-agent");
    expect(resolveOptions({ agentId: "arg-agent", baseUrl: "http://arg" })).toMatchObject({
      agentId: "arg-agent",
      baseUrl: "http://arg",
    });
  });

  it("works where there is no process at all (browsers, edge)", () => {
    vi.stubGlobal("process", undefined);
    expect(resolveOptions().baseUrl).toBe(DEFAULT_BASE_URL);
  });
});
