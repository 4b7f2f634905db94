"use client";

import { isFarameshError, type PolicyInfo, type PolicyRules } from "@faramesh/sdk";
import { RefreshCw } from "lucide-react";
import { useCallback, useEffect, useState } from "react";
import { ErrorState, errorMessage, Loading } from "@/components/states";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardTitle } from "@/components/ui/card";
import { absolute, RISK_TONE } from "@/lib/format";
import { useSession } from "@/lib/session";
import { Visible } from "@/lib/visible";
import { DryRun } from "./dry-run";
import { Conditions, RulesTable } from "./rules-table";

/** The policy in force, its rules, a reload for admins, and a dry run of a candidate. */
export function PolicyView() {
  const { client, isAdmin, canApprove } = useSession();
  const [info, setInfo] = useState<PolicyInfo | null>(null);
  const [rules, setRules] = useState<PolicyRules | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reload, setReload] = useState<{ ok: boolean; text: string } | null>(null);

  const load = useCallback(async () => {
    try {
      const [nextInfo, nextRules] = await Promise.all([
        client.getPolicyInfo(),
        client.getPolicyRules(),
      ]);
      setInfo(nextInfo);
      setRules(nextRules);
      setError(null);
    } catch (failure) {
      setError(errorMessage(failure));
    }
  }, [client]);
  useEffect(() => {
    void load();
  }, [load]);

  const reloadNow = async () => {
    try {
      const now = await client.reloadPolicy();
      setReload({ ok: true, text: `Reloaded: ${now.version} is in force.` });
    } catch (failure) {
      const problems = isFarameshError(failure)
        ? failure.errors.map((e) => e.message).join("\n")
        : "";
      setReload({ ok: false, text: `${errorMessage(failure)}${problems ? `\n${problems}` : ""}` });
    }
    await load();
  };

  return (
    <div className="grid gap-3">
      <div className="flex items-center gap-2">
        <h1 className="text-lg font-semibold">Policy</h1>
        {isAdmin ? (
          <Button variant="outline" size="sm" className="ml-auto" onClick={reloadNow}>
            <RefreshCw /> Reload from file
          </Button>
        ) : null}
      </div>
      {reload ? (
        <p
          role="status"
          className={`whitespace-pre-wrap ${reload.ok ? "text-success" : "text-danger"}`}
        >
          <Visible text={reload.text} />
        </p>
      ) : null}
      {error ? <ErrorState message={`Could not load the policy: ${error}`} onRetry={load} /> : null}
      {info === null && error === null ? <Loading /> : null}
      {info ? (
        <Card>
          <CardTitle>In force</CardTitle>
          <dl className="grid grid-cols-[7rem_1fr] gap-x-3 gap-y-1">
            <dt className="text-muted-foreground">File</dt>
            <dd className="break-all font-mono text-xs">
              {info.file ? <Visible text={info.file} /> : "—"}
            </dd>
            <dt className="text-muted-foreground">Version</dt>
            <dd className="break-all font-mono text-xs">
              <Visible text={info.version} />
            </dd>
            <dt className="text-muted-foreground">Hash</dt>
            <dd className="break-all font-mono text-xs">{info.hash}</dd>
            <dt className="text-muted-foreground">Loaded</dt>
            <dd>{absolute(info.loaded_at)}</dd>
            <dt className="text-muted-foreground">Rules</dt>
            <dd>{info.rule_count}</dd>
            {info.profile_id ? (
              <>
                <dt className="text-muted-foreground">Profile</dt>
                <dd className="break-all font-mono text-xs">
                  <Visible text={`${info.profile_id}@${info.profile_version ?? "?"}`} />
                </dd>
              </>
            ) : null}
          </dl>
          {info.last_reload_error ? (
            <div
              role="alert"
              className="mt-2 rounded-md border border-danger/40 bg-danger-bg p-2 text-danger"
            >
              <p className="font-medium">
                The last reload was refused; the policy above stays in force:
              </p>
              <ul className="list-disc pl-5">
                {info.last_reload_error.map((line) => (
                  <li key={line}>
                    <Visible text={line} />
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
        </Card>
      ) : null}
      {rules ? (
        <Card>
          <CardTitle>Rules (first match wins)</CardTitle>
          <RulesTable rules={rules} />
          {rules.risk_rules.length > 0 ? (
            <>
              <CardTitle className="mt-3">Risk rules</CardTitle>
              <ul className="grid gap-1">
                {rules.risk_rules.map((rule) => (
                  <li key={rule.name} className="flex flex-wrap items-center gap-2">
                    <code className="font-mono text-xs">
                      <Visible text={rule.name} />
                    </code>
                    <Badge tone={RISK_TONE[rule.risk_level]}>{rule.risk_level}</Badge>
                    <Conditions match={rule.when} />
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </Card>
      ) : null}
      {canApprove ? <DryRun /> : null}
    </div>
  );
}
