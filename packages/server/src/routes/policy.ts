import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { parsePolicy, planPolicy, type RuleDocument } from "@faramesh/policy-engine";
import {
  type PolicyInfo,
  type PolicyPlan,
  PolicyPlanRequest,
  type PolicyRules,
} from "@faramesh/sdk/schema";
import { recentActions } from "@faramesh/store";
import { Hono } from "hono";
import { requireRole } from "../auth/principal.js";
import type { AppEnv, Deps } from "../context.js";
import { FarameshError, validationError } from "../errors.js";
import { readBody, refuseBody, smallBody } from "../http/body.js";
import { sendJson } from "../http/json.js";
import { BODY_ERRORS, describe, ref } from "../openapi.js";
import type { DecisionEngine } from "../policy/engine.js";

/** What is in force, for `GET /v1/policy/info` and reload answers. */
async function policyInfo(engine: DecisionEngine): Promise<PolicyInfo> {
  const { policy, profile, loadedAt } = engine.state;
  const file = engine.policyFile;
  const path = file === null ? null : resolve(file);
  return {
    file,
    version: policy.version,
    hash: policy.hash,
    rule_count: policy.rules.length,
    loaded_at: loadedAt,
    last_reload_error: engine.lastError,
    profile_id: profile?.id ?? null,
    profile_version: profile?.version ?? null,
    profile_hash: profile?.hash ?? null,
    policy_file: file,
    policy_path: path,
    exists: path !== null && (await isFile(path)),
    policy_version: policy.version,
  };
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** Reloads and reports; shared by the route and the file watcher. */
export async function reloadPolicy(deps: Pick<Deps, "engine" | "logger" | "metrics">) {
  const result = await deps.engine.reload();
  if (result.ok) {
    deps.logger.info("policy reloaded", {
      version: result.state.policy.version,
      hash: result.state.policy.hash,
    });
  } else {
    deps.metrics.policyReloadErrors.inc();
    deps.logger.error("policy reload refused; the previous policy stays in force", {
      errors: result.errors,
    });
  }
  return result;
}

/** The rules in force as written (their `match` untouched), for `GET /v1/policy/rules`. */
export function policyRules(engine: DecisionEngine): PolicyRules {
  const { policy } = engine.state;
  return {
    version: policy.version,
    hash: policy.hash,
    rules: policy.rules.map((rule) => {
      // safe: the compiled rules are built from the document's rules, one per entry, in order
      const written = policy.document.rules[rule.index - 1] as RuleDocument;
      return {
        id: rule.id,
        index: rule.index,
        effect: rule.effect,
        reason: rule.reason,
        description: written.description ?? null,
        match: written.match,
        risk: rule.risk,
        approval_ttl: written.approval_ttl ?? null,
        approvals: rule.effect === "require_approval" ? rule.approvals : null,
      };
    }),
    risk_rules: (policy.document.risk?.rules ?? []).map((rule, k) => ({
      name: rule.name,
      index: k + 1,
      when: rule.when,
      risk_level: rule.risk_level,
    })),
  };
}

export function policyRoutes(deps: Deps) {
  const app = new Hono<AppEnv>();

  app.get(
    "/rules",
    describe({
      summary: "The rules and risk rules in force, as written",
      role: "viewer",
      response: [200, "Rules", ref("PolicyRules")],
      errors: [401, 403],
    }),
    (c) => {
      requireRole(c.get("principal"), "viewer");
      return sendJson(c, policyRules(deps.engine));
    },
  );

  app.get(
    "/info",
    describe({
      summary: "The policy in force",
      role: "viewer",
      response: [200, "Policy info", ref("PolicyInfo")],
      errors: [401, 403],
    }),
    async (c) => {
      requireRole(c.get("principal"), "viewer");
      return sendJson(c, await policyInfo(deps.engine));
    },
  );

  app.post(
    "/reload",
    describe({
      summary: "Reload the policy and profile files",
      role: "admin",
      response: [200, "The policy now in force", ref("PolicyInfo")],
      errors: [401, 403, 422],
    }),
    async (c) => {
      requireRole(c.get("principal"), "admin");
      await refuseBody(c, smallBody(deps.config.limits));
      const result = await reloadPolicy(deps);
      if (result.ok) return sendJson(c, await policyInfo(deps.engine));
      const { version, hash } = result.state.policy;
      throw new FarameshError(
        "VALIDATION_ERROR",
        `The new policy was refused; ${version} stays in force`,
        {
          errors: result.errors.map((message) => ({
            path: deps.engine.policyFile ?? "policy",
            message,
          })),
          version,
          hash,
        },
      );
    },
  );

  // Approver, not viewer: a plan re-decides up to 10,000 recorded actions, work a read-only
  // token should not be able to ask for at will; the people who plan policies approve actions.
  app.post(
    "/plan",
    describe({
      summary: "Re-decide recent actions with a candidate policy (nothing stored)",
      role: "approver",
      body: "PolicyPlanRequest",
      response: [200, "Each decision that would change", ref("PolicyPlan")],
      errors: [...BODY_ERRORS, 503],
    }),
    async (c) => {
      requireRole(c.get("principal"), "approver");
      const body = await readBody(c, PolicyPlanRequest, deps.config.limits);
      const candidate = parsePolicy(body.policy, { source: body.name ?? "candidate.yaml" });
      if (!candidate.ok) {
        throw validationError(candidate.errors.map((message) => ({ path: "policy", message })));
      }
      const state = deps.engine.state;
      const records = await recentActions(deps.store, body.last);
      const plan = planPolicy(records, {
        policy: candidate.policy,
        profile: state.profile,
        runtimeVersion: deps.engine.runtimeVersion,
      });
      const answer = {
        ...plan,
        in_force: { version: state.policy.version, hash: state.policy.hash },
      } satisfies PolicyPlan;
      return sendJson(c, answer);
    },
  );

  return app;
}
