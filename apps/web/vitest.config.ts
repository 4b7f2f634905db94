import { mergeConfig } from "vitest/config";
import { packageTestConfig } from "../../vitest.shared.ts";

// One browser test file at a time: each starts its own server and Chromium, and the live-arrival
// and live-load figures mean more when two browsers do not share two cores.
export default mergeConfig(packageTestConfig("web"), { test: { fileParallelism: false } });
