import { describe, expect, it } from "vitest";
import { Links } from "./links.js";

describe("dashboard links", () => {
  it("use FARAMESH_PUBLIC_URL when set, whatever the server listens on", () => {
    const links = new Links({
      publicUrl: "https://faramesh.example.com",
      host: "0.0.0.0",
      port: 0,
    });
    links.listeningOn("0.0.0.0", 43123);
    expect(links.actionPage("a/b")).toBe("https://faramesh.example.com/actions/a%2Fb");
  });

  it("otherwise use the bound address, not the configured port 0", () => {
    const links = new Links({ publicUrl: null, host: "::1", port: 0 });
    expect(links.base).toBe("http://[::1]:0");
    links.listeningOn("::1", 43123);
    expect(links.actionPage("x")).toBe("http://[::1]:43123/actions/x");
  });
});
