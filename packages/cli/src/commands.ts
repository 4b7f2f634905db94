import type { Command } from "@oclif/core";
import Approve from "./commands/approve.js";
import Deny from "./commands/deny.js";
import Get from "./commands/get.js";
import List from "./commands/list.js";
import Serve from "./commands/serve.js";

/** Every command, by id; package.json's `oclif.commands` points here (explicit strategy). */
export const COMMANDS = {
  approve: Approve,
  deny: Deny,
  get: Get,
  list: List,
  serve: Serve,
} satisfies Record<string, Command.Class>;
