import { readFileSync } from "node:fs";
import { parseEnv } from "node:util";
import { describe, expect, it } from "vitest";
import { NAMES, readConfig } from "./config.js";

/** `.env.example` at the repository root documents every variable the server reads. */
const example = readFileSync(new URL("../../../.env.example", import.meta.url), "utf8");
const commented = (name: string) => new RegExp(`^# ${name}=`, "m");

describe(".env.example", () => {
  it("names every variable the server reads", () => {
    const missing = Object.values(NAMES)
      .flat()
      .filter((name) => !example.includes(name));
    expect(missing).toEqual([]);
  });

  it("sets nothing as it is, so copying it to .env changes nothing", () => {
    expect(parseEnv(example)).toEqual({});
  });

  it("shows valid defaults: uncommented, all but FARAMESH_TOKEN load", () => {
    expect(example).toMatch(commented("FARAMESH_TOKEN"));
    const uncommented = example.replace(/^# ([A-Z_]+=)/gm, "$1");
    const env = parseEnv(uncommented);
    expect(env.FARAMESH_TOKEN).toBe("");
    delete env.FARAMESH_TOKEN;
    expect(Object.keys(env).length).toBeGreaterThan(15);
    expect(readConfig(env)).toMatchObject({ ok: true });
  });
});
