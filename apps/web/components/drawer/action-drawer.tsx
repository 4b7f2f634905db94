"use client";

import type { Action, ActionVerification, LedgerEvent, PolicyRules } from "@faramesh/sdk";
import { Check, ShieldAlert, ShieldCheck, X } from "lucide-react";
import Link from "next/link";
import { type ReactNode, useCallback, useEffect, useState } from "react";
import { CopyButton } from "@/components/copy-button";
import { JsonView } from "@/components/json-view";
import { ErrorState, errorMessage, Loading } from "@/components/states";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog, DialogDescription, DialogTitle, SheetContent } from "@/components/ui/dialog";
import { cliCommand, curlCommand } from "@/lib/commands";
import { absolute, RISK_TONE, relative, STATUS_TONE, statusLabel } from "@/lib/format";
import { useLiveEvents } from "@/lib/live";
import { quorumLabel } from "@/lib/quorum";
import { useSession } from "@/lib/session";
import { useNow } from "@/lib/use-now";
import { Visible } from "@/lib/visible";
import { DenialNote } from "./denial-note";
import { Timeline } from "./timeline";

interface Detail {
  action: Action;
  events: LedgerEvent[];
  verification: ActionVerification | { error: string };
  rules: PolicyRules | null;
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="border-t px-4 py-3">
      <h3 className="mb-2 text-xs font-semibold tracking-wide text-muted-foreground uppercase">
        {title}
      </h3>
      {children}
    </section>
  );
}

function Field({ name, children }: { name: string; children: ReactNode }) {
  return (
    <>
      <dt className="text-muted-foreground">{name}</dt>
      <dd className="min-w-0 break-words">{children}</dd>
    </>
  );
}

function Hash({ name, value }: { name: string; value: string | null }) {
  if (value === null) return null;
  return (
    <Field name={name}>
      <span className="flex items-center gap-1">
        <code className="min-w-0 break-all font-mono text-xs">{value}</code>
        <CopyButton text={value} label={name} />
      </span>
    </Field>
  );
}

function Verification({ result }: { result: Detail["verification"] }) {
  if ("error" in result) return <ErrorState message={`Could not verify: ${result.error}`} />;
  return result.ok ? (
    <p className="flex items-center gap-2 text-success" data-testid="verification">
      <ShieldCheck className="size-4" aria-hidden /> Verified: {result.events} ledger events, their
      hashes and links, and the request hash match.
    </p>
  ) : (
    <p className="flex items-center gap-2 text-danger" data-testid="verification">
      <ShieldAlert className="size-4" aria-hidden /> Verification failed at seq{" "}
      {result.first_bad_seq ?? "?"}: <Visible text={result.problem ?? "unknown problem"} />
    </p>
  );
}

/** The full story of one action, in a panel over the inbox. */
export function ActionDrawer({
  id,
  onClose,
  onDecide,
}: {
  id: string | null;
  onClose(): void;
  onDecide(action: Action, approve: boolean): void;
}) {
  const { client, canApprove } = useSession();
  const [detail, setDetail] = useState<Detail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const now = useNow();

  const load = useCallback(async () => {
    if (id === null) return;
    try {
      const [action, events, verification, rules] = await Promise.all([
        client.getAction(id),
        client.getEvents(id),
        client.verifyAction(id).catch((failure: unknown) => ({ error: errorMessage(failure) })),
        client.getPolicyRules().catch(() => null),
      ]);
      setDetail({ action, events, verification, rules });
      setError(null);
    } catch (failure) {
      setError(errorMessage(failure));
    }
  }, [client, id]);

  useEffect(() => {
    setDetail(null);
    setError(null);
    void load();
  }, [load]);
  useLiveEvents((event) => {
    if (event === "open" || event.data.id === id) void load();
  });

  const action = detail?.action;
  const ruleId =
    typeof action?.reason_details.rule_id === "string" ? action.reason_details.rule_id : null;
  const grantId =
    typeof action?.reason_details.grant_id === "string" ? action.reason_details.grant_id : null;
  const rule = detail?.rules?.rules.find((r) => r.id === ruleId) ?? null;
  const samePolicy = detail?.rules?.hash === action?.policy_hash;
  const origin = typeof window === "undefined" ? "" : window.location.origin;
  const quorum = action ? quorumLabel(action) : null;

  return (
    <Dialog open={id !== null} onOpenChange={(open) => (open ? null : onClose())}>
      <SheetContent aria-describedby="drawer-description" data-testid="action-drawer">
        <div className="px-4 pt-4 pb-3 pr-10">
          <DialogTitle className="font-mono text-base font-semibold break-all">
            {action ? (
              <>
                <Visible text={action.tool} />.<Visible text={action.operation} />
              </>
            ) : (
              "Action"
            )}
          </DialogTitle>
          <DialogDescription
            id="drawer-description"
            className="font-mono text-xs break-all text-muted-foreground"
          >
            {id}
          </DialogDescription>
          {action ? (
            <div className="mt-2 flex flex-wrap items-center gap-2">
              <Badge tone={STATUS_TONE[action.status]} data-testid="drawer-status">
                {statusLabel(action.status)}
              </Badge>
              <Badge tone={RISK_TONE[action.risk_level]}>{action.risk_level} risk</Badge>
              {action.context.demo === true ? <Badge tone="info">demo</Badge> : null}
              {action.redacted ? <Badge tone="neutral">redacted</Badge> : null}
              {canApprove && action.status === "pending_approval" ? (
                <span className="ml-auto flex gap-1">
                  <Button variant="approve" size="sm" onClick={() => onDecide(action, true)}>
                    <Check /> Approve
                  </Button>
                  <Button variant="deny" size="sm" onClick={() => onDecide(action, false)}>
                    <X /> Deny
                  </Button>
                </span>
              ) : null}
            </div>
          ) : null}
        </div>
        {error ? (
          <div className="px-4">
            <ErrorState message={error} onRetry={load} />
          </div>
        ) : null}
        {detail === null && error === null ? <Loading /> : null}
        {action && detail ? (
          <>
            <Section title="Decision">
              <DenialNote action={action} events={detail.events} />
              <dl className="grid grid-cols-[8rem_1fr] gap-x-3 gap-y-1">
                <Field name="Agent">
                  <Visible text={action.agent_id} />
                </Field>
                <Field name="Decision">{action.decision}</Field>
                <Field name="Reason">
                  <Visible text={action.reason} />
                </Field>
                {quorum !== null ? (
                  <Field name="Approvals">
                    <span data-testid="drawer-quorum">
                      <Visible text={quorum} />
                    </span>
                  </Field>
                ) : null}
                <Field name="Reason code">
                  <code className="font-mono text-xs">{action.reason_code}</code>
                </Field>
                <Field name="Matched rule">
                  {ruleId === null ? (
                    "none"
                  ) : (
                    <>
                      <code className="font-mono text-xs">
                        <Visible text={ruleId} />
                      </code>
                      {rule?.description ? (
                        <>
                          {" — "}
                          <Visible text={rule.description} />
                        </>
                      ) : null}
                      {detail.rules && !samePolicy ? (
                        <span className="block text-xs text-muted-foreground">
                          decided under {action.policy_version}; another policy is in force now
                        </span>
                      ) : null}
                    </>
                  )}
                </Field>
                {grantId !== null ? (
                  <Field name="Standing grant">
                    <Link
                      href={`/grants?id=${encodeURIComponent(grantId)}`}
                      className="font-mono text-xs underline"
                      data-testid="drawer-grant"
                    >
                      <Visible text={grantId} />
                    </Link>
                  </Field>
                ) : null}
                {action.agent_reason ? (
                  <Field name="Agent's reason">
                    <Visible text={action.agent_reason} />
                  </Field>
                ) : null}
                {action.group_id ? (
                  <Field name="Group">
                    <code className="font-mono text-xs">
                      <Visible text={action.group_id} />
                    </code>
                  </Field>
                ) : null}
                <Field name="Submitted">
                  {relative(action.created_at, now)} · {absolute(action.created_at)}
                </Field>
                {action.approval_expires_at ? (
                  <Field name="Expires">
                    {relative(action.approval_expires_at, now)} ·{" "}
                    {absolute(action.approval_expires_at)}
                  </Field>
                ) : null}
                {action.error ? (
                  <Field name="Error">
                    <Visible text={action.error} />
                  </Field>
                ) : null}
              </dl>
            </Section>
            <Section title="Params">
              <JsonView value={action.params} label="Params" />
            </Section>
            {Object.keys(action.context).length > 0 ? (
              <Section title="Context">
                <JsonView value={action.context} label="Context" />
              </Section>
            ) : null}
            {action.result !== null && action.result !== undefined ? (
              <Section title="Result">
                <JsonView value={action.result} label="Result" />
              </Section>
            ) : null}
            <Section title="Timeline">
              <Timeline events={detail.events} now={now} />
            </Section>
            <Section title="Ledger">
              <Verification result={detail.verification} />
            </Section>
            <Section title="Hashes">
              <dl className="grid grid-cols-[8rem_1fr] gap-x-3 gap-y-1">
                <Hash name="request_hash" value={action.request_hash} />
                <Hash name="policy_hash" value={action.policy_hash} />
                <Hash name="provenance_id" value={action.provenance_id} />
                <Hash name="profile_hash" value={action.profile_hash} />
                <Field name="policy_version">
                  <Visible text={action.policy_version} />
                </Field>
              </dl>
            </Section>
            <Section title="Next step">
              {[
                ["curl", curlCommand(action, origin)],
                ["CLI", cliCommand(action, origin)],
              ].map(([name = "", command = ""]) => (
                <div key={name} className="mb-2 flex items-start gap-1">
                  <pre className="min-w-0 flex-1 overflow-x-auto rounded-md bg-muted p-2 font-mono text-xs whitespace-pre-wrap break-all">
                    <Visible text={command} />
                  </pre>
                  <CopyButton text={command} label={`as ${name}`} />
                </div>
              ))}
            </Section>
          </>
        ) : null}
      </SheetContent>
    </Dialog>
  );
}
