"use client";

import { type ActionStats, STATS_WINDOWS, type StatsWindow } from "@faramesh/sdk";
import Link from "next/link";
import { useCallback, useEffect, useRef, useState } from "react";
import { Empty, ErrorState, errorMessage, Loading } from "@/components/states";
import { Card, CardTitle } from "@/components/ui/card";
import { Select } from "@/components/ui/input";
import { absolute, shortDuration } from "@/lib/format";
import { useLiveEvents } from "@/lib/live";
import { useSession } from "@/lib/session";
import { useNow } from "@/lib/use-now";
import { Visible } from "@/lib/visible";
import { DecisionsChart, RankChart } from "./charts";

// Live, but a burst of events refreshes the pictures at most this often.
const REFRESH_MS = 2_000;

function Stat({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <Card className="flex flex-col gap-0.5">
      <span className="text-xs text-muted-foreground">{label}</span>
      <span className="text-2xl font-semibold tabular-nums" data-testid={`stat-${label}`}>
        {value}
      </span>
      {hint ? <span className="text-xs text-muted-foreground">{hint}</span> : null}
    </Card>
  );
}

const ms = (value: number | null) =>
  value === null ? "—" : value < 1000 ? `${value} ms` : shortDuration(value);

export function Overview() {
  const { client } = useSession();
  const [span, setSpan] = useState<StatsWindow>("24h");
  const [stats, setStats] = useState<ActionStats | null>(null);
  const [error, setError] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const now = useNow();

  const load = useCallback(async () => {
    try {
      setStats(await client.getStats({ window: span }));
      setError(null);
    } catch (failure) {
      setError(errorMessage(failure));
    }
  }, [client, span]);
  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => () => clearTimeout(timer.current), []);
  useLiveEvents(() => {
    if (timer.current !== undefined) return;
    timer.current = setTimeout(() => {
      timer.current = undefined;
      void load();
    }, REFRESH_MS);
  });

  const oldest = stats?.pending.oldest_created_at ?? null;
  return (
    <div className="grid gap-3">
      <div className="flex items-center gap-2">
        <h1 className="text-lg font-semibold">Overview</h1>
        <Select
          aria-label="Window"
          className="ml-auto"
          value={span}
          onChange={(e) => setSpan(e.target.value as StatsWindow)}
        >
          {Object.keys(STATS_WINDOWS).map((w) => (
            <option key={w} value={w}>
              last {w}
            </option>
          ))}
        </Select>
      </div>
      {error ? (
        <ErrorState message={`Could not load the overview: ${error}`} onRetry={load} />
      ) : null}
      {stats === null && error === null ? <Loading /> : null}
      {stats ? (
        <>
          <div className="grid grid-cols-2 gap-3 lg:grid-cols-4">
            <Stat
              label="Pending"
              value={String(stats.pending.count)}
              hint={stats.pending.count ? "waiting for a person" : "nothing waiting"}
            />
            <Stat
              label="Oldest pending"
              value={oldest ? shortDuration(now - Date.parse(oldest)) : "—"}
              hint={oldest ? `since ${absolute(oldest)}` : undefined}
            />
            <Stat
              label="Median wait"
              value={ms(stats.approval_wait.median_ms)}
              hint={`${stats.approval_wait.decided} decided by people`}
            />
            <Stat
              label="p90 wait"
              value={ms(stats.approval_wait.p90_ms)}
              hint={
                stats.approval_wait.sampled < stats.approval_wait.decided
                  ? `over the latest ${stats.approval_wait.sampled}`
                  : undefined
              }
            />
          </div>
          <Card>
            <CardTitle>
              Decisions, last {stats.window} ({stats.total.toLocaleString()})
            </CardTitle>
            {stats.total === 0 ? (
              <Empty title="No actions in this window">
                <p>
                  Submit one, or see the{" "}
                  <Link className="text-info underline" href="/">
                    inbox
                  </Link>
                  .
                </p>
              </Empty>
            ) : (
              <DecisionsChart stats={stats} />
            )}
          </Card>
          <div className="grid gap-3 md:grid-cols-3">
            <Card>
              <CardTitle>Top tools</CardTitle>
              {stats.top_tools.length === 0 ? (
                <p className="text-muted-foreground">None yet</p>
              ) : (
                <RankChart
                  label="Top tools"
                  data={stats.top_tools.map((t) => ({ name: t.tool, count: t.count }))}
                />
              )}
            </Card>
            <Card>
              <CardTitle>Top agents</CardTitle>
              {stats.top_agents.length === 0 ? (
                <p className="text-muted-foreground">None yet</p>
              ) : (
                <RankChart
                  label="Top agents"
                  data={stats.top_agents.map((a) => ({ name: a.agent_id, count: a.count }))}
                />
              )}
            </Card>
            <Card>
              <CardTitle>Denials by rule</CardTitle>
              {stats.denials.length === 0 ? (
                <p className="text-muted-foreground">No denials</p>
              ) : (
                <ul className="grid gap-1" data-testid="denials">
                  {stats.denials.map((d) => (
                    <li key={`${d.reason_code}-${d.rule_id}`} className="flex items-center gap-2">
                      <span className="min-w-0 flex-1 truncate font-mono text-xs">
                        {d.rule_id === null ? "no rule" : <Visible text={d.rule_id} />}{" "}
                        <span className="text-muted-foreground">{d.reason_code}</span>
                      </span>
                      <span className="tabular-nums">{d.count}</span>
                    </li>
                  ))}
                </ul>
              )}
            </Card>
          </div>
        </>
      ) : null}
    </div>
  );
}
