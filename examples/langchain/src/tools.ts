import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { tool } from "@langchain/core/tools";
import { z } from "zod";

const run = promisify(execFile);

/** Runs one program with arguments — never through a shell interpreter. */
export const shellTool = tool(
  async ({ program, args }) => {
    const { stdout, stderr } = await run(program, args, { timeout: 10_000 });
    return `${stdout}${stderr}`.trim();
  },
  {
    name: "shell",
    description: "Run a program with arguments on this machine and return its output.",
    schema: z.object({
      program: z.string().describe("the program, e.g. echo"),
      args: z.array(z.string()).default([]),
    }),
  },
);

/** Makes an HTTP request and returns the status and the start of the body. */
export const httpTool = tool(
  async ({ method, url, body }) => {
    const response = await fetch(url, { method, ...(body === undefined ? {} : { body }) });
    return `${response.status} ${(await response.text()).slice(0, 500)}`;
  },
  {
    name: "http_request",
    description: "Make an HTTP request and return the status code and the start of the body.",
    schema: z.object({
      method: z.enum(["GET", "POST", "PUT", "DELETE"]),
      url: z.string(),
      body: z.string().optional(),
    }),
  },
);
