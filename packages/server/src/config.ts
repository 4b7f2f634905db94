import { isIP } from "node:net";
import { dirname, join } from "node:path";
import { parseDuration } from "@faramesh/policy-engine";
import { parseAdminTokens, tokenWeakness } from "./auth/token-strength.js";

/** Server configuration, validated; built from the environment only by {@link readConfig}. */
export interface ServerConfig {
  host: string;
  port: number;
  policyFile: string;
  policyVersion: string | null;
  profileFile: string | null;
  db:
    | { backend: "sqlite"; path: string; synchronous: "FULL" | "NORMAL" }
    | { backend: "postgres"; url: string; schema: string };
  adminTokens: string[];
  approvalTtlSeconds: number;
  /** How long an allowed or approved action may wait to be started (a rule's `start_within` wins). */
  startDeadlineSeconds: number;
  hotReload: boolean;
  cors: { enabled: boolean; origins: string[] };
  metricsToken: string | null;
  demo: boolean;
  limits: {
    bodyBytes: number;
    paramsBytes: number;
    contextBytes: number;
    resultBytes: number;
    depth: number;
    keys: number;
  };
  sse: {
    heartbeatMs: number;
    maxBufferedEvents: number;
    /** Open event streams allowed per credential (token) and per client address. */
    maxPerToken: number;
    maxPerClient: number;
  };
  /** The Ed25519 key that signs ledger checkpoints (PKCS #8 PEM, created if missing). */
  ledgerKeyFile: string;
  /** How often the chain head is signed when it moved. */
  checkpointIntervalSeconds: number;
  uiDir: string | null;
  /** Delivery of approval notifications (webhooks, Slack). */
  notify: {
    maxAttempts: number;
    attemptTimeoutMs: number;
    /** The first retry waits up to this long; each later one up to twice the one before. */
    backoffBaseMs: number;
    backoffCapMs: number;
  };
  webhooks: {
    /** Trusted internal targets: loopback, private and link-local addresses are allowed. */
    allowPrivate: boolean;
    /** How long a rotated-out signing secret keeps signing deliveries, by default. */
    rotationOverlapMs: number;
  };
  logLevel: "debug" | "info" | "warn" | "error" | "silent";
  /** The dashboard's base URL for links in notifications; null derives it from host and port. */
  publicUrl: string | null;
  /** The Slack app that posts approvals and hears its buttons; null when not configured. */
  slack: SlackConfig | null;
}

/** A Slack app: on when both its bot token and its signing secret are set. */
export interface SlackConfig {
  botToken: string;
  signingSecret: string;
  /** The channel id approval requests go to unless their rule names one. */
  channel: string;
  /** Slack user id → the approver identity the ledger records; nobody else may decide. */
  approvers: Record<string, string>;
  /** The Slack Web API's base URL (a local stand-in in tests). */
  apiUrl: string;
}

/** Each setting, with its legacy (Faramesh 0.3) names after the current one. */
export const NAMES = {
  host: ["FARAMESH_HOST", "FARA_HOST"],
  port: ["FARAMESH_PORT", "FARA_PORT"],
  policyFile: ["FARAMESH_POLICY_FILE", "FARA_POLICY_FILE"],
  policyVersion: ["FARAMESH_POLICY_VERSION"],
  profileFile: ["FARAMESH_PROFILE_FILE", "FARA_PROFILE_FILE"],
  backend: ["FARAMESH_DB_BACKEND", "FARA_DB_BACKEND"],
  sqlitePath: ["FARAMESH_SQLITE_PATH", "FARA_SQLITE_PATH"],
  sqliteSynchronous: ["FARAMESH_SQLITE_SYNCHRONOUS"],
  postgresUrl: ["FARAMESH_POSTGRES_DSN", "FARA_POSTGRES_DSN", "DATABASE_URL"],
  postgresSchema: ["FARAMESH_POSTGRES_SCHEMA"],
  tokens: ["FARAMESH_TOKEN", "FARA_AUTH_TOKEN"],
  approvalTtl: ["FARAMESH_APPROVAL_TTL"],
  startDeadline: ["FARAMESH_START_DEADLINE"],
  hotReload: ["FARAMESH_HOT_RELOAD"],
  cors: ["FARAMESH_ENABLE_CORS", "FARA_ENABLE_CORS"],
  corsOrigins: ["FARAMESH_CORS_ORIGINS"],
  metricsToken: ["FARAMESH_METRICS_TOKEN"],
  demo: ["FARAMESH_DEMO"],
  bodyBytes: ["FARAMESH_MAX_BODY_BYTES"],
  sseMaxPerToken: ["FARAMESH_SSE_MAX_PER_TOKEN"],
  sseMaxPerClient: ["FARAMESH_SSE_MAX_PER_CLIENT"],
  ledgerKeyFile: ["FARAMESH_LEDGER_KEY_FILE"],
  checkpointInterval: ["FARAMESH_CHECKPOINT_INTERVAL"],
  uiDir: ["FARAMESH_UI_DIR"],
  notifyMaxAttempts: ["FARAMESH_NOTIFY_MAX_ATTEMPTS"],
  notifyTimeout: ["FARAMESH_NOTIFY_TIMEOUT"],
  notifyBackoffCap: ["FARAMESH_NOTIFY_BACKOFF_CAP"],
  webhookAllowPrivate: ["FARAMESH_WEBHOOK_ALLOW_PRIVATE"],
  webhookRotationOverlap: ["FARAMESH_WEBHOOK_ROTATION_OVERLAP"],
  logLevel: ["FARAMESH_LOG_LEVEL"],
  publicUrl: ["FARAMESH_PUBLIC_URL"],
  slackBotToken: ["FARAMESH_SLACK_BOT_TOKEN"],
  slackSigningSecret: ["FARAMESH_SLACK_SIGNING_SECRET"],
  slackChannel: ["FARAMESH_SLACK_CHANNEL"],
  slackApprovers: ["FARAMESH_SLACK_APPROVERS"],
  slackApiUrl: ["FARAMESH_SLACK_API_URL"],
} as const;

export type ConfigOverrides = Partial<ServerConfig>;
export type ConfigResult = { ok: true; config: ServerConfig } | { ok: false; errors: string[] };

const BOOLEAN: Record<string, boolean> = {
  "1": true,
  true: true,
  yes: true,
  on: true,
  "0": false,
  false: false,
  no: false,
  off: false,
};
/** The longest a rotated-out webhook secret may keep signing: 30 days. */
export const MAX_ROTATION_OVERLAP_SECONDS = 30 * 86_400;
const LOG_LEVELS = ["debug", "info", "warn", "error", "silent"] as const;

/**
 * Builds and validates the configuration from an environment record (and explicit overrides,
 * e.g. from `faramesh serve` flags). Every problem is reported, naming the variable.
 */
export function readConfig(
  env: Record<string, string | undefined>,
  overrides: ConfigOverrides = {},
): ConfigResult {
  const errors: string[] = [];
  const get = (key: keyof typeof NAMES): { name: string; value: string } | null => {
    for (const name of NAMES[key]) {
      const value = env[name];
      if (value !== undefined && value !== "") return { name, value };
    }
    return null;
  };
  const bool = (key: keyof typeof NAMES, fallback: boolean) => {
    const found = get(key);
    if (found === null) return fallback;
    const parsed = BOOLEAN[found.value.toLowerCase()];
    if (parsed === undefined)
      errors.push(
        `${found.name}: must be 1/0, true/false, yes/no or on/off (got "${found.value}")`,
      );
    return parsed ?? fallback;
  };
  const int = (key: keyof typeof NAMES, fallback: number, min: number, max: number) => {
    const found = get(key);
    if (found === null) return fallback;
    const n = /^\d+$/.test(found.value) ? Number(found.value) : Number.NaN;
    if (!(n >= min && n <= max))
      errors.push(
        `${found.name}: must be a whole number from ${min} to ${max} (got "${found.value}")`,
      );
    return Number.isFinite(n) ? n : fallback;
  };
  const text = (key: keyof typeof NAMES) => get(key)?.value ?? null;

  const backend = text("backend") ?? "sqlite";
  const synchronous = (text("sqliteSynchronous") ?? "FULL").toUpperCase();
  if (synchronous !== "FULL" && synchronous !== "NORMAL") {
    errors.push(`FARAMESH_SQLITE_SYNCHRONOUS: must be FULL or NORMAL (got "${synchronous}")`);
  }
  let db: ServerConfig["db"] = {
    backend: "sqlite",
    path: text("sqlitePath") ?? "./data/faramesh.db",
    synchronous: synchronous === "NORMAL" ? "NORMAL" : "FULL",
  };
  if (backend === "postgres" || backend === "postgresql") {
    const url = text("postgresUrl");
    if (url === null)
      errors.push(
        "FARA_POSTGRES_DSN: required when FARA_DB_BACKEND=postgres (e.g. postgres://user@127.0.0.1:5432/faramesh)",
      );
    const schema = text("postgresSchema") ?? "public";
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
      errors.push(
        `FARAMESH_POSTGRES_SCHEMA: must be a lower-case SQL identifier (got "${schema}")`,
      );
    }
    db = { backend: "postgres", url: url ?? "", schema };
  } else if (backend !== "sqlite") {
    errors.push(`FARA_DB_BACKEND: must be sqlite or postgres (got "${backend}")`);
  }

  const ttlText = text("approvalTtl") ?? "1h";
  const approvalTtlSeconds = parseDuration(ttlText);
  if (approvalTtlSeconds === null)
    errors.push(
      `FARAMESH_APPROVAL_TTL: must be a duration such as 15m, 1h or 7d, at most 10 years (got "${ttlText}")`,
    );

  const intervalText = text("checkpointInterval") ?? "1m";
  const checkpointIntervalSeconds = parseDuration(intervalText);
  if (checkpointIntervalSeconds === null || checkpointIntervalSeconds > 86_400)
    errors.push(
      `FARAMESH_CHECKPOINT_INTERVAL: must be a duration from 1s to 1d such as 30s or 5m (got "${intervalText}")`,
    );

  const startText = text("startDeadline") ?? "1h";
  const startDeadlineSeconds = parseDuration(startText);
  if (startDeadlineSeconds === null)
    errors.push(
      `FARAMESH_START_DEADLINE: must be a duration such as 5m, 1h or 1d, at most 10 years (got "${startText}")`,
    );

  const timeoutText = text("notifyTimeout") ?? "10s";
  const attemptTimeoutSeconds = parseDuration(timeoutText);
  if (attemptTimeoutSeconds === null || attemptTimeoutSeconds > 300)
    errors.push(
      `FARAMESH_NOTIFY_TIMEOUT: must be a duration from 1s to 5m such as 10s (got "${timeoutText}")`,
    );
  const capText = text("notifyBackoffCap") ?? "10m";
  const backoffCapSeconds = parseDuration(capText);
  if (backoffCapSeconds === null || backoffCapSeconds > 86_400)
    errors.push(
      `FARAMESH_NOTIFY_BACKOFF_CAP: must be a duration from 1s to 1d such as 10m (got "${capText}")`,
    );

  const overlapText = text("webhookRotationOverlap") ?? "24h";
  const overlapSeconds = parseDuration(overlapText);
  if (overlapSeconds === null || overlapSeconds > MAX_ROTATION_OVERLAP_SECONDS)
    errors.push(
      `FARAMESH_WEBHOOK_ROTATION_OVERLAP: must be a duration from 1s to 30d such as 24h (got "${overlapText}")`,
    );

  const logLevel = (text("logLevel") ?? "info").toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel))
    errors.push(`FARAMESH_LOG_LEVEL: must be one of ${LOG_LEVELS.join(", ")}`);

  const config: ServerConfig = {
    host: text("host") ?? "127.0.0.1",
    port: int("port", 8000, 0, 65535),
    policyFile: text("policyFile") ?? "policies/default.yaml",
    policyVersion: text("policyVersion"),
    profileFile: text("profileFile"),
    db,
    adminTokens: adminTokens(env, errors),
    approvalTtlSeconds: approvalTtlSeconds ?? 3600,
    startDeadlineSeconds: startDeadlineSeconds ?? 3600,
    hotReload: bool("hotReload", false),
    cors: {
      enabled: bool("cors", true),
      origins: (text("corsOrigins") ?? "*")
        .split(",")
        .map((o) => o.trim())
        .filter(Boolean),
    },
    metricsToken: text("metricsToken"),
    demo: bool("demo", false),
    limits: {
      bodyBytes: int("bodyBytes", 1_048_576, 1024, 64 * 1_048_576),
      paramsBytes: 100_000,
      contextBytes: 10_000,
      resultBytes: 100_000,
      depth: 32,
      keys: 10_000,
    },
    sse: {
      heartbeatMs: 15_000,
      maxBufferedEvents: 1_000,
      maxPerToken: int("sseMaxPerToken", 32, 1, 100_000),
      maxPerClient: int("sseMaxPerClient", 64, 1, 100_000),
    },
    ledgerKeyFile: text("ledgerKeyFile") ?? defaultKeyFile(db),
    checkpointIntervalSeconds:
      checkpointIntervalSeconds !== null && checkpointIntervalSeconds <= 86_400
        ? checkpointIntervalSeconds
        : 60,
    uiDir: text("uiDir"),
    notify: {
      maxAttempts: int("notifyMaxAttempts", 8, 1, 100),
      attemptTimeoutMs:
        attemptTimeoutSeconds !== null && attemptTimeoutSeconds <= 300
          ? attemptTimeoutSeconds * 1000
          : 10_000,
      backoffBaseMs: 1000,
      backoffCapMs:
        backoffCapSeconds !== null && backoffCapSeconds <= 86_400
          ? backoffCapSeconds * 1000
          : 600_000,
    },
    webhooks: {
      allowPrivate: bool("webhookAllowPrivate", false),
      rotationOverlapMs:
        overlapSeconds !== null && overlapSeconds <= MAX_ROTATION_OVERLAP_SECONDS
          ? overlapSeconds * 1000
          : 86_400_000,
    },
    logLevel: logLevel as ServerConfig["logLevel"],
    publicUrl: httpUrl("FARAMESH_PUBLIC_URL", text("publicUrl"), errors),
    slack: slackConfig(text, errors),
    ...overrides,
  };
  checkConfig(config, errors);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, config };
}

/**
 * The admin tokens from the first of FARAMESH_TOKEN / FARA_AUTH_TOKEN that is present. Unlike
 * other settings, an empty value counts as present: it is refused, never read as "no token".
 */
function adminTokens(env: Record<string, string | undefined>, errors: string[]): string[] {
  const name = NAMES.tokens.find((candidate) => env[candidate] !== undefined);
  if (name === undefined) return [];
  const parsed = parseAdminTokens(env[name] ?? "");
  if ("error" in parsed) {
    errors.push(`${name}: ${parsed.error}`);
    return [];
  }
  return parsed.tokens;
}

/** The Slack settings: all or nothing, each checked so a typo stops the server, not a button. */
function slackConfig(
  text: (key: keyof typeof NAMES) => string | null,
  errors: string[],
): SlackConfig | null {
  const botToken = text("slackBotToken");
  const signingSecret = text("slackSigningSecret");
  const channel = text("slackChannel");
  const approvers = text("slackApprovers");
  const apiUrl = httpUrl("FARAMESH_SLACK_API_URL", text("slackApiUrl"), errors);
  if (botToken === null && signingSecret === null) {
    if (channel !== null || approvers !== null)
      errors.push(
        "FARAMESH_SLACK_CHANNEL / FARAMESH_SLACK_APPROVERS: set FARAMESH_SLACK_BOT_TOKEN and FARAMESH_SLACK_SIGNING_SECRET to turn Slack on",
      );
    return null;
  }
  if (botToken === null || signingSecret === null) {
    const missing =
      botToken === null ? "FARAMESH_SLACK_BOT_TOKEN" : "FARAMESH_SLACK_SIGNING_SECRET";
    errors.push(
      `${missing}: required with ${botToken === null ? "FARAMESH_SLACK_SIGNING_SECRET" : "FARAMESH_SLACK_BOT_TOKEN"}: Slack needs both, or neither`,
    );
    return null;
  }
  if (channel === null || !/^[CG][A-Z0-9]{2,}$/.test(channel))
    errors.push(
      `FARAMESH_SLACK_CHANNEL: required with Slack: a channel id such as C0123456789 (got "${channel ?? ""}")`,
    );
  // Without approvers the messages still inform; their buttons refuse everyone.
  const parsed = approvers === null ? { approvers: {} } : parseApprovers(approvers);
  if ("error" in parsed) errors.push(`FARAMESH_SLACK_APPROVERS: ${parsed.error}`);
  return {
    botToken,
    signingSecret,
    channel: channel ?? "",
    approvers: "error" in parsed ? {} : parsed.approvers,
    // The client appends method names to it, so it ends with a slash.
    apiUrl: `${apiUrl ?? "https://slack.com/api"}/`,
  };
}

/** `U123=alice,U456=bob`: Slack user ids, each mapped once to an approver identity. */
export function parseApprovers(
  text: string,
): { approvers: Record<string, string> } | { error: string } {
  const approvers: Record<string, string> = {};
  for (const pair of text.split(",").map((p) => p.trim())) {
    const match = /^([UW][A-Z0-9]{2,})=([A-Za-z0-9][\w.@+-]{0,63})$/.exec(pair);
    if (match?.[1] === undefined || match[2] === undefined)
      return {
        error: `"${pair}" is not SLACK_USER_ID=identity (e.g. U0123ABCD=alice); separate pairs with commas`,
      };
    if (match[1] in approvers) return { error: `${match[1]} is mapped twice` };
    approvers[match[1]] = match[2];
  }
  return { approvers };
}

/** An http(s) URL without a trailing slash, or null when unset. */
function httpUrl(name: string, value: string | null, errors: string[]): string | null {
  if (value === null) return null;
  if (!URL.canParse(value) || !/^https?:$/.test(new URL(value).protocol)) {
    errors.push(`${name}: must be an http(s) URL (got "${value}")`);
    return null;
  }
  return value.replace(/\/+$/, "");
}

/** Rules that hold whatever the source of a value: strong tokens, open mode only on loopback. */
function checkConfig(config: ServerConfig, errors: string[]): void {
  for (const [index, token] of config.adminTokens.entries()) {
    const weakness = tokenWeakness(token);
    if (weakness !== null) {
      const which = config.adminTokens.length === 1 ? "the token" : `token ${index + 1}`;
      errors.push(
        `FARAMESH_TOKEN: ${which} is too weak: ${weakness} (use \`openssl rand -hex 32\`)`,
      );
    }
  }
  if (!isLoopback(config.host) && config.adminTokens.length === 0) {
    errors.push(
      `FARAMESH_HOST: binding ${config.host} without FARAMESH_TOKEN would expose an open server; set FARAMESH_TOKEN or bind 127.0.0.1`,
    );
  }
}

/** Beside the SQLite file; `./data/` for PostgreSQL and in-memory databases. */
function defaultKeyFile(db: ServerConfig["db"]): string {
  const dir = db.backend === "sqlite" && db.path !== ":memory:" ? dirname(db.path) : "./data";
  return join(dir, "ledger-key.pem");
}

/** True for addresses only this machine can reach. */
export function isLoopback(host: string): boolean {
  if (host === "localhost") return true;
  if (isIP(host) === 4) return host.startsWith("127.");
  return host === "::1" || host === "[::1]";
}
