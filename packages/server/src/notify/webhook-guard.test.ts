import { describe, expect, it } from "vitest";
import { pinnedLookup, RefusedTarget, type ResolveAll, vetTarget } from "./webhook-guard.js";

const answers =
  (...addresses: string[]): ResolveAll =>
  async () =>
    addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));

describe("vetTarget", () => {
  it.each([
    ["http://127.0.0.1:8000/hook", "loopback"],
    ["http://169.254.169.254/latest/meta-data/", "linkLocal"],
    ["http://10.1.2.3/", "private"],
    ["http://192.168.1.10/", "private"],
    ["http://172.16.0.1/", "private"],
    ["http://100.64.0.1/", "carrierGradeNat"],
    ["http://0.0.0.0/", "unspecified"],
    ["http://[::1]/", "loopback"],
    ["http://[::ffff:127.0.0.1]/", "loopback"],
    ["http://[fc00::1]/", "uniqueLocal"],
    ["http://[fe80::1]/", "linkLocal"],
    ["http://224.0.0.1/", "multicast"],
  ])("refuses %s (%s)", async (url, range) => {
    const refusal = vetTarget(new URL(url), answers());
    await expect(refusal).rejects.toBeInstanceOf(RefusedTarget);
    await expect(refusal).rejects.toThrow(`is a ${range} address`);
  });

  it("refuses a name that resolves to loopback, checked after resolution", async () => {
    await expect(vetTarget(new URL("http://localhost:9/"))).rejects.toThrow(/loopback address/);
    await expect(
      vetTarget(new URL("https://hooks.example.test/"), answers("127.0.0.1")),
    ).rejects.toThrow("refused: 127.0.0.1 is a loopback address (hooks.example.test resolves to");
  });

  it("refuses a name when any of its addresses is private", async () => {
    await expect(
      vetTarget(new URL("https://hooks.example.test/"), answers("93.184.215.14", "10.0.0.7")),
    ).rejects.toThrow(/10\.0\.0\.7 is a private address/);
  });

  it("answers the first address of a public host, and refuses a host without one", async () => {
    expect(
      await vetTarget(
        new URL("https://hooks.example.test/x"),
        answers("93.184.215.14", "2606:4700::1"),
      ),
    ).toEqual({ address: "93.184.215.14", family: 4 });
    expect(await vetTarget(new URL("https://[2606:4700::1111]/"), answers())).toEqual({
      address: "2606:4700::1111",
      family: 6,
    });
    await expect(vetTarget(new URL("https://nowhere.test/"), answers())).rejects.toThrow(
      "nowhere.test resolves to no address",
    );
  });
});

describe("pinnedLookup", () => {
  it("answers the vetted address whatever the connection asks for", () => {
    const lookup = pinnedLookup({ address: "93.184.215.14", family: 4 });
    const seen: unknown[] = [];
    lookup("rebound.example.test", {}, (_error, address, family) => seen.push([address, family]));
    lookup("rebound.example.test", { all: true }, (_error, address) => seen.push(address));
    expect(seen).toEqual([["93.184.215.14", 4], [{ address: "93.184.215.14", family: 4 }]]);
  });
});
