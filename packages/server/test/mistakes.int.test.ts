import { openPostgresStore } from "@faramesh/store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import { createLogger } from "../src/logger.js";
import { ADMIN, type Harness, harness, httpGet, listen } from "./harness.js";

// A newcomer's mistakes, over real HTTP: each answer says what went wrong and what to do.

let h: Harness;
let url: string;
const servers: { close(): void }[] = [];

beforeAll(async () => {
  h = await harness();
  const server = await listen(h.app.fetch);
  servers.push(server);
  url = server.url;
}, 60_000);

afterAll(async () => {
  for (const server of servers) server.close();
  await h?.close();
});

function send(method: string, path: string, body?: string) {
  return fetch(`${url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${ADMIN}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body }),
  });
}

const json = async (res: Response) => JSON.parse(await res.text());

describe("a known path with the wrong method", () => {
  it("answers 405 with Allow and the error envelope", async () => {
    const res = await send("DELETE", "/v1/actions");
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET, HEAD, POST");
    expect(await res.json()).toEqual({
      detail: "DELETE is not served at /v1/actions; it answers GET, HEAD, POST",
      code: "METHOD_NOT_ALLOWED",
    });
  });

  it("names the methods of a path with parameters", async () => {
    const res = await send("GET", "/v1/actions/some-id/start");
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("POST");
  });

  it("keeps 404 for a path nothing serves", async () => {
    const res = await send("POST", "/v1/nothing");
    expect(res.status).toBe(404);
    expect(res.headers.get("allow")).toBeNull();
    expect(await res.json()).toEqual({ detail: "No such route", code: "NOT_FOUND" });
  });
});

describe("a broken JSON body", () => {
  it("says on which line and column the JSON breaks", async () => {
    const res = await send("POST", "/v1/actions", '{\n  "tool": "http",\n  operation: "get"\n}');
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({
      code: "VALIDATION_ERROR",
      detail: "body: expected a string key at line 3, column 3 of the JSON body",
    });
  });

  it("counts the end of a truncated body", async () => {
    const res = await send("POST", "/v1/gate/decide", '{"tool": "http"');
    expect(res.status).toBe(422);
    expect((await json(res)).detail).toBe(
      "body: expected ',' or '}' at line 1, column 16 of the JSON body",
    );
  });
});

describe("an unknown field on /start", () => {
  it("names the field and says that the request takes no body", async () => {
    const action = await json(await send("POST", "/v1/actions", JSON.stringify(httpGet())));
    const res = await send("POST", `/v1/actions/${action.id}/start`, '{"force": true}');
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({
      code: "VALIDATION_ERROR",
      detail: 'force: unknown field "force": this request takes no body (send none, or {})',
      errors: [
        {
          path: "force",
          message: 'unknown field "force": this request takes no body (send none, or {})',
        },
      ],
    });
  });
});

describe("a database outage", () => {
  it("logs the driver's cause, which names the host, beside the 503", async () => {
    const lines: string[] = [];
    const store = openPostgresStore({ url: "postgres://faramesh@127.0.0.1:1/faramesh", max: 1 });
    const down = createApp({
      store,
      engine: h.engine,
      config: h.config,
      ledgerKey: h.ledgerKey,
      logger: createLogger("error", (line) => lines.push(line)),
    });
    try {
      const outage = await listen(down.app.fetch);
      servers.push(outage);
      const base = outage.url;
      const res = await fetch(`${base}/v1/actions`, {
        headers: { authorization: `Bearer ${ADMIN}` },
      });
      expect(res.status).toBe(503);
      const logged = lines.map((line) => JSON.parse(line));
      expect(logged).toContainEqual(
        expect.objectContaining({
          msg: "database unavailable",
          cause: expect.stringContaining("ECONNREFUSED 127.0.0.1:1"),
        }),
      );
    } finally {
      await down.close();
      await store.close();
    }
  });
});
