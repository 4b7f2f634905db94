import { checkpointSignedBy } from "@faramesh/store";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Harness, harness, httpGet } from "../../test/harness.js";

describe("signed ledger checkpoints over HTTP", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });
  afterEach(async () => h.close());

  type Answer = { seq: number; key_id: string; public_key: string };
  const get = async (path: string) => (await (await h.call("GET", path)).json()) as Answer;

  it("signs the head with the published key and holds verification to it", async () => {
    for (let k = 0; k < 3; k++) await h.call("POST", "/v1/actions", { body: httpGet() });
    const key = await get("/v1/ledger/public-key");
    expect(key).toMatchObject({
      algorithm: "Ed25519",
      key_id: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    const checkpoint = await get("/v1/ledger/checkpoint");
    expect(checkpoint).toMatchObject({ seq: 6, key_id: key.key_id });
    expect(checkpointSignedBy(checkpoint, key.public_key)).toBe(true);
    // The same head gives the same checkpoint; a moved head a new one.
    expect(await get("/v1/ledger/checkpoint")).toEqual(checkpoint);
    await h.call("POST", "/v1/actions", { body: httpGet() });
    expect((await get("/v1/ledger/checkpoint")).seq).toBe(8);
    expect(await get("/v1/ledger/verify")).toEqual({
      ok: true,
      events: 8,
      first_bad_seq: null,
      problem: null,
      checkpoint_seq: 8,
    });
  });
});
