import type { PolicyRules } from "@faramesh/sdk";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";
import { RISK_TONE } from "@/lib/format";
import { Visible } from "@/lib/visible";

const EFFECT_TONE: Record<string, BadgeTone> = {
  allow: "success",
  deny: "danger",
  require_approval: "warning",
};

/** `key: value` chips for a match as written; values are JSON text, never markup. */
export function Conditions({ match }: { match: Record<string, unknown> }) {
  return (
    <span className="flex flex-wrap gap-1">
      {Object.entries(match).map(([key, value]) => (
        <code key={key} className="rounded bg-muted px-1 font-mono text-xs break-all">
          <Visible text={key} />:{" "}
          <Visible text={typeof value === "string" ? value : (JSON.stringify(value) ?? "null")} />
        </code>
      ))}
    </span>
  );
}

export function RulesTable({ rules }: { rules: PolicyRules }) {
  return (
    <Table aria-label="Rules">
      <TableHeader>
        <TableRow>
          <TableHead>#</TableHead>
          <TableHead>Rule</TableHead>
          <TableHead>Effect</TableHead>
          <TableHead>Match</TableHead>
          <TableHead className="hidden md:table-cell">Description</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {rules.rules.map((rule) => (
          <TableRow key={rule.id} data-rule-id={rule.id}>
            <TableCell className="tabular-nums text-muted-foreground">{rule.index}</TableCell>
            <TableCell className="font-mono text-xs">
              <Visible text={rule.id} />
            </TableCell>
            <TableCell className="whitespace-nowrap">
              <Badge tone={EFFECT_TONE[rule.effect] ?? "neutral"}>
                {rule.effect.replace("_", " ")}
              </Badge>
              {rule.risk ? (
                <Badge tone={RISK_TONE[rule.risk]} className="ml-1">
                  {rule.risk}
                </Badge>
              ) : null}
              {rule.approval_ttl ? (
                <span className="ml-1 text-xs text-muted-foreground">ttl {rule.approval_ttl}</span>
              ) : null}
            </TableCell>
            <TableCell>
              <Conditions match={rule.match} />
            </TableCell>
            <TableCell className="hidden md:table-cell">
              {rule.description === null ? (
                <span className="text-muted-foreground">
                  <Visible text={rule.reason} />
                </span>
              ) : (
                <Visible text={rule.description} />
              )}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
