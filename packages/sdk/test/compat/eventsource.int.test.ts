import { existsSync } from "node:fs";
import { EventSource } from "eventsource";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inChromium } from "../support/chromium.js";
import { startServer, type TestServer } from "../support/server.js";

// EventSource, as 0.3's Node SDK (the `eventsource` package) and browsers use it: only unnamed
// frames reach `onmessage`; `?named=1` frames reach `addEventListener(type)` instead.
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
let server: TestServer;

beforeAll(async () => {
  // Open local mode: a browser's EventSource cannot send an Authorization header.
  server = await startServer({ open: true });
});
afterAll(async () => {
  await server?.stop();
});

interface Seen {
  open: boolean;
  message: string[];
  named: string[];
}

/** The script both clients run: one stream as 0.3 opened it, one with `?named=1`. */
function listen(Source: typeof EventSource, base: string) {
  const record = (url: string) => {
    const seen: Seen = { open: false, message: [], named: [] };
    const source = new Source(url);
    source.onopen = () => {
      seen.open = true;
    };
    source.onmessage = (event) => seen.message.push(JSON.parse(event.data).data.id);
    source.addEventListener("action.created", (event) =>
      seen.named.push(JSON.parse(event.data).data.id),
    );
    return { seen, close: () => source.close() };
  };
  return { plain: record(`${base}/v1/events`), named: record(`${base}/v1/events?named=1`) };
}

async function submit(): Promise<string> {
  const response = await fetch(`${server.url}/v1/actions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ agent_id: "es", tool: "http", operation: "get", params: {} }),
  });
  return ((await response.json()) as { id: string }).id;
}

async function until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let k = 0; k < 600; k++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe("EventSource clients", () => {
  it("the eventsource package's onmessage gets unnamed frames; named ones need ?named=1", async () => {
    const { plain, named } = listen(EventSource, server.url);
    try {
      await until(() => plain.seen.open && named.seen.open, "both streams to open");
      const id = await submit();
      await until(() => plain.seen.message.length > 0 && named.seen.named.length > 0, "the event");
      expect(plain.seen).toEqual({ open: true, message: [id], named: [] });
      expect(named.seen).toEqual({ open: true, message: [], named: [id] });
    } finally {
      plain.close();
      named.close();
    }
  }, 60_000);

  it.skipIf(!existsSync(CHROMIUM))(
    "Chromium's EventSource.onmessage gets unnamed frames (needs /usr/bin/chromium)",
    async () => {
      const html = `<!doctype html><script>
        window.__seen = (${listen.toString()})(EventSource, ${JSON.stringify(server.url)});
      </script>`;
      await inChromium(CHROMIUM, html, {}, async (tab, errors) => {
        type Page = { __seen: ReturnType<typeof listen> };
        const read = () =>
          tab.evaluate(() => {
            const { plain, named } = (globalThis as unknown as Page).__seen;
            return { plain: plain.seen, named: named.seen };
          });
        await until(async () => {
          const { plain, named } = await read();
          return plain.open && named.open;
        }, "both streams to open in Chromium");
        const id = await submit();
        await until(async () => {
          const { plain, named } = await read();
          return plain.message.length > 0 && named.named.length > 0;
        }, "the event in Chromium");
        expect(errors).toEqual([]);
        expect(await read()).toEqual({
          plain: { open: true, message: [id], named: [] },
          named: { open: true, message: [], named: [id] },
        });
      });
    },
    90_000,
  );
});
