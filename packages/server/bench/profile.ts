import { existsSync, readdirSync, readFileSync } from "node:fs";
import { SourceMap, type SourceMapPayload } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

interface CpuProfile {
  nodes: { id: number; callFrame: CallFrame; children?: number[] }[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface Hotspot {
  name: string;
  /** Share of the samples in the windows, in percent. */
  percent: number;
}

export interface ProfileSummary {
  samples: number;
  /** Share of samples in which the process was busy (not idle), in percent. */
  busy: number;
  /** Self time by function. */
  functions: Hotspot[];
  /** Self time by package (or by file for our own packages). */
  modules: Hotspot[];
  /** Inclusive time (self plus callees) of the functions of our packages and of hono. */
  inclusive: Hotspot[];
}

/** Reads the only `.cpuprofile` that `node --cpu-prof` wrote into `dir`. */
/**
 * Every profile `node --cpu-prof` wrote into `dir`: the main thread's first, then one per
 * worker thread (the store's SQLite writer), by thread id from the file name.
 */
export function readProfiles(dir: string): { thread: number; profile: CpuProfile }[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith(".cpuprofile"))
    .map((name) => ({
      thread: Number(/\.(\d+)\.\d+\.cpuprofile$/.exec(name)?.[1] ?? 0),
      profile: JSON.parse(readFileSync(join(dir, name), "utf8")) as CpuProfile,
    }))
    .sort((a, b) => a.thread - b.thread);
}

/**
 * Self and inclusive time for the samples inside the windows (one per round of a case) of the
 * monotonic clock (µs; V8 profiles and `process.hrtime` share it on one machine). Positions in
 * built files are mapped back to the TypeScript source through their `.map` files;
 * tsx-compiled sources have no line.
 */
export function summarize(
  profile: CpuProfile,
  windows: readonly (readonly [number, number])[],
  top = 15,
): ProfileSummary {
  const names = new Map<number, string>();
  const modules = new Map<number, string>();
  const parents = new Map<number, number>();
  for (const node of profile.nodes) {
    names.set(node.id, describe(node.callFrame));
    modules.set(node.id, moduleOf(node.callFrame));
    for (const child of node.children ?? []) parents.set(child, node.id);
  }
  const self = new Map<string, number>();
  const byModule = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const bump = (counts: Map<string, number>, key: string) =>
    counts.set(key, (counts.get(key) ?? 0) + 1);
  let time = profile.startTime;
  let samples = 0;
  let idle = 0;
  profile.samples.forEach((id, k) => {
    time += profile.timeDeltas[k] ?? 0;
    if (!windows.some(([from, to]) => time >= from && time <= to)) return;
    samples++;
    const name = names.get(id) ?? "?";
    if (name === "(idle)") {
      idle++;
      return;
    }
    bump(self, name);
    bump(byModule, modules.get(id) ?? "?");
    const seen = new Set<string>();
    for (let node: number | undefined = id; node !== undefined; node = parents.get(node)) {
      const frame = names.get(node) ?? "?";
      if (isOurs(modules.get(node) ?? "") && !seen.has(frame)) {
        seen.add(frame);
        bump(inclusive, frame);
      }
    }
  });
  const rank = (counts: Map<string, number>) =>
    [...counts]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, n]) => ({ name, percent: (100 * n) / Math.max(1, samples) }));
  return {
    samples,
    busy: (100 * (samples - idle)) / Math.max(1, samples),
    functions: rank(self),
    modules: rank(byModule),
    inclusive: rank(inclusive),
  };
}

const isOurs = (module: string) =>
  module.startsWith("@faramesh/") || module === "hono" || module === "@hono/node-server";

const maps = new Map<string, SourceMap | null>();

function sourceMapOf(url: string): SourceMap | null {
  let map = maps.get(url);
  if (map === undefined) {
    map = null;
    try {
      const file = `${fileURLToPath(url)}.map`;
      if (existsSync(file))
        map = new SourceMap(JSON.parse(readFileSync(file, "utf8")) as SourceMapPayload);
    } catch {
      map = null;
    }
    maps.set(url, map);
  }
  return map;
}

/** `name file:line`, with the line in the original source when a source map says where. */
function describe(frame: CallFrame): string {
  const name = frame.functionName || "(anonymous)";
  if (frame.url === "") return name;
  if (frame.url.startsWith("file:")) {
    const entry = sourceMapOf(frame.url)?.findEntry(frame.lineNumber, frame.columnNumber);
    if (entry !== undefined && "originalSource" in entry) {
      const source = new URL(entry.originalSource, frame.url).href;
      return `${name} ${shortUrl(source)}:${entry.originalLine + 1}`;
    }
    // tsx compiles a whole TypeScript file onto a few lines: its line numbers mean nothing.
    if (frame.url.endsWith(".ts")) return `${name} ${shortUrl(frame.url)}`;
  }
  return `${name} ${shortUrl(frame.url)}:${frame.lineNumber + 1}`;
}

function shortUrl(url: string): string {
  const path = url.replace(/^file:\/\//, "");
  const pkg = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)\/(.*)$/.exec(
    path,
  );
  if (pkg) return `${pkg[1]}/${pkg[2]}`;
  const ours = /packages\/([^/]+)\/(.*)$/.exec(path);
  if (ours) return `@faramesh/${ours[1]}/${ours[2]}`;
  return path;
}

function moduleOf(frame: CallFrame): string {
  if (frame.url === "") return frame.functionName.startsWith("(") ? frame.functionName : "(native)";
  if (frame.url.startsWith("node:")) return frame.url.split("/").slice(0, 2).join("/");
  const short = shortUrl(frame.url);
  if (short.startsWith("@faramesh/")) return short.split("/").slice(0, 2).join("/");
  const parts = short.split("/");
  return short.startsWith("@") ? parts.slice(0, 2).join("/") : (parts[0] ?? short);
}
