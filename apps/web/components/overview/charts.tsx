"use client";

import type { ActionStats } from "@faramesh/sdk";
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";

const AXIS = { fontSize: 11, fill: "var(--muted-foreground)" };
const TOOLTIP = {
  contentStyle: {
    background: "var(--card)",
    border: "1px solid var(--border)",
    borderRadius: 6,
    fontSize: 12,
  },
  labelStyle: { color: "var(--foreground)" },
  itemStyle: { color: "var(--foreground)" },
};

function tick(bucket: ActionStats["bucket"]) {
  return (iso: string) => {
    const date = new Date(iso);
    if (bucket === "day") return date.toISOString().slice(5, 10);
    return date.toISOString().slice(11, 16);
  };
}

/** Submissions per bucket, stacked by what the policy said. */
export function DecisionsChart({ stats }: { stats: ActionStats }) {
  return (
    <div
      className="h-56"
      role="img"
      aria-label={`Decisions over the last ${stats.window}: ${stats.total} submissions`}
    >
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={stats.decisions} margin={{ top: 4, right: 4, bottom: 0, left: -16 }}>
          <CartesianGrid vertical={false} stroke="var(--border)" />
          <XAxis
            dataKey="start"
            tickFormatter={tick(stats.bucket)}
            tick={AXIS}
            tickLine={false}
            axisLine={false}
            minTickGap={24}
          />
          <YAxis allowDecimals={false} tick={AXIS} tickLine={false} axisLine={false} />
          <Tooltip
            {...TOOLTIP}
            cursor={{ fill: "var(--accent)" }}
            labelFormatter={(label) =>
              new Date(String(label)).toISOString().replace("T", " ").slice(0, 16)
            }
          />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar
            dataKey="EXECUTE"
            name="allowed"
            stackId="d"
            fill="var(--chart-allow)"
            isAnimationActive={false}
          />
          <Bar
            dataKey="ABSTAIN"
            name="needed approval"
            stackId="d"
            fill="var(--chart-approval)"
            isAnimationActive={false}
          />
          <Bar
            dataKey="HALT"
            name="denied"
            stackId="d"
            fill="var(--chart-deny)"
            isAnimationActive={false}
          />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

/** A ranked list as horizontal bars (names are data: rendered by Recharts as SVG text, never markup). */
export function RankChart({
  data,
  label,
}: {
  data: { name: string; count: number }[];
  label: string;
}) {
  return (
    <div style={{ height: Math.max(80, data.length * 28 + 16) }} role="img" aria-label={label}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} layout="vertical" margin={{ top: 0, right: 12, bottom: 0, left: 0 }}>
          <XAxis type="number" hide allowDecimals={false} />
          <YAxis
            type="category"
            dataKey="name"
            width={120}
            tick={AXIS}
            tickLine={false}
            axisLine={false}
          />
          <Tooltip {...TOOLTIP} cursor={{ fill: "var(--accent)" }} />
          <Bar dataKey="count" fill="var(--chart-bar)" radius={3} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
