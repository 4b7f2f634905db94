import type { Command } from "@oclif/core";
import Approve from "./commands/approve.js";
import BuildUi from "./commands/build-ui.js";
import Curl from "./commands/curl.js";
import Deny from "./commands/deny.js";
import Doctor from "./commands/doctor.js";
import Events from "./commands/events.js";
import Explain from "./commands/explain.js";
import Get from "./commands/get.js";
import GrantsCreate from "./commands/grants/create.js";
import GrantsList from "./commands/grants/list.js";
import GrantsRevoke from "./commands/grants/revoke.js";
import Init from "./commands/init.js";
import InitDocker from "./commands/init-docker.js";
import Insights from "./commands/insights.js";
import List from "./commands/list.js";
import Logs from "./commands/logs.js";
import Migrate from "./commands/migrate.js";
import NotificationsList from "./commands/notifications/list.js";
import NotificationsRetry from "./commands/notifications/retry.js";
import PolicyDiff from "./commands/policy/diff.js";
import PolicyPlan from "./commands/policy/plan.js";
import PolicyTest from "./commands/policy/test.js";
import PolicyValidate from "./commands/policy/validate.js";
import Replay from "./commands/replay.js";
import ReplayDecision from "./commands/replay-decision.js";
import Review from "./commands/review.js";
import Serve from "./commands/serve.js";
import Tail from "./commands/tail.js";
import TokenCreate from "./commands/token/create.js";
import TokenList from "./commands/token/list.js";
import TokenRevoke from "./commands/token/revoke.js";
import VerifyLog from "./commands/verify-log.js";

/** Every command, by id; package.json's `oclif.commands` points here (explicit strategy). */
export const COMMANDS = {
  approve: Approve,
  "build-ui": BuildUi,
  curl: Curl,
  deny: Deny,
  doctor: Doctor,
  events: Events,
  explain: Explain,
  get: Get,
  "grants:create": GrantsCreate,
  "grants:list": GrantsList,
  "grants:revoke": GrantsRevoke,
  init: Init,
  "init-docker": InitDocker,
  insights: Insights,
  list: List,
  logs: Logs,
  migrate: Migrate,
  "notifications:list": NotificationsList,
  "notifications:retry": NotificationsRetry,
  "policy:diff": PolicyDiff,
  "policy:plan": PolicyPlan,
  "policy:test": PolicyTest,
  "policy:validate": PolicyValidate,
  replay: Replay,
  "replay-decision": ReplayDecision,
  review: Review,
  serve: Serve,
  tail: Tail,
  "token:create": TokenCreate,
  "token:list": TokenList,
  "token:revoke": TokenRevoke,
  "verify-log": VerifyLog,
} satisfies Record<string, Command.Class>;
