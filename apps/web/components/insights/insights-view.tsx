"use client";

import type { ApprovalInsights, GrantSuggestion } from "@faramesh/sdk";
import { useCallback, useEffect, useState } from "react";
import { Empty, ErrorState, errorMessage, Loading } from "@/components/states";
import { Button } from "@/components/ui/button";
import { Card, CardTitle } from "@/components/ui/card";
import { Select } from "@/components/ui/input";
import { absolute } from "@/lib/format";
import { useSession } from "@/lib/session";
import { Visible } from "@/lib/visible";
import { GrantDialog } from "./grant-dialog";
import { RulesTable } from "./rules-table";

const WINDOWS = ["24h", "7d", "30d", "90d"] as const;
const REPEATS = [3, 5, 10, 20] as const;
const key = (s: GrantSuggestion) =>
  `${s.agent_id}\u0000${s.tool}\u0000${s.operation}\u0000${s.request_hash}`;

/** Approval fatigue: how each rule's approvals go, and what a standing grant would spare. */
export function InsightsView() {
  const { client, canApprove } = useSession();
  const [span, setSpan] = useState<(typeof WINDOWS)[number]>("7d");
  const [minRepeats, setMinRepeats] = useState<number>(5);
  const [insights, setInsights] = useState<ApprovalInsights | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [offer, setOffer] = useState<GrantSuggestion | null>(null);
  const [granted, setGranted] = useState<ReadonlySet<string>>(new Set());

  const load = useCallback(async () => {
    setInsights(null);
    setError(null);
    try {
      setInsights(await client.getApprovalInsights({ window: span, minRepeats }));
    } catch (failure) {
      setError(errorMessage(failure));
    }
  }, [client, span, minRepeats]);
  useEffect(() => {
    void load();
  }, [load]);

  return (
    // min-w-0: a wide table scrolls inside its card instead of widening the page.
    <div className="grid min-w-0 gap-3 [&>*]:min-w-0">
      <div className="flex flex-wrap items-center gap-2">
        <h1 className="text-lg font-semibold">Approval insights</h1>
        <Select
          aria-label="Window"
          className="ml-auto"
          value={span}
          onChange={(e) => setSpan(e.target.value as (typeof WINDOWS)[number])}
        >
          {WINDOWS.map((w) => (
            <option key={w} value={w}>
              last {w}
            </option>
          ))}
        </Select>
        <Select
          aria-label="Approvals that make a suggestion"
          value={minRepeats}
          onChange={(e) => setMinRepeats(Number(e.target.value))}
        >
          {REPEATS.map((n) => (
            <option key={n} value={n}>
              {n}+ approvals
            </option>
          ))}
        </Select>
      </div>
      {error ? <ErrorState message={`Could not load insights: ${error}`} onRetry={load} /> : null}
      {insights === null && error === null ? <Loading label="Reading the ledger…" /> : null}
      {insights ? (
        <>
          <Card>
            <CardTitle>Approvals per rule, since {absolute(insights.since)}</CardTitle>
            {insights.rules.length === 0 ? (
              <Empty title="No approvals, denials or expiries in this window">
                <p>Rules that ask a person show up here once someone answers.</p>
              </Empty>
            ) : (
              <RulesTable rules={insights.rules} />
            )}
          </Card>
          <Card>
            <CardTitle>Suggested grants</CardTitle>
            {insights.suggestions.length === 0 ? (
              <Empty title="Nothing to suggest">
                <p>
                  No request was approved {insights.min_repeats} times or more without a denial in
                  this window.
                </p>
              </Empty>
            ) : (
              <ul className="grid gap-2" data-testid="suggestions">
                {insights.suggestions.map((s) => (
                  <li
                    key={key(s)}
                    data-suggestion={s.scope}
                    className="flex flex-wrap items-center gap-2 rounded-md border p-2"
                  >
                    <p className="min-w-0 flex-1 break-words">
                      <Visible text={s.summary} />
                      <span className="block text-xs text-muted-foreground">
                        last approved {absolute(s.last_approved_at)}
                        {s.scope === "tool" ? " · covers any request of this call" : ""}
                      </span>
                    </p>
                    {granted.has(key(s)) ? (
                      <span role="status" className="text-sm text-success">
                        Allowed for 7 days
                      </span>
                    ) : canApprove ? (
                      <Button variant="approve" size="sm" onClick={() => setOffer(s)}>
                        Allow for 7 days…
                      </Button>
                    ) : (
                      <span className="text-xs text-muted-foreground">
                        An approver can allow it
                      </span>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </Card>
        </>
      ) : null}
      <GrantDialog
        suggestion={offer}
        onClose={() => setOffer(null)}
        onDone={(s) => setGranted((done) => new Set(done).add(key(s)))}
      />
    </div>
  );
}
