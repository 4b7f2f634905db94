import type { RuleInsight } from "@faramesh/sdk";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";
import { shortDuration } from "@/lib/format";
import { Visible } from "@/lib/visible";

const seconds = (value: number | null) => (value === null ? "—" : shortDuration(value * 1000));
const percent = (ratio: number | null) => (ratio === null ? "—" : `${Math.round(ratio * 100)}%`);

/** One policy rule a row: how its approvals went and how long people took. */
export function RulesTable({ rules }: { rules: RuleInsight[] }) {
  return (
    <Table data-testid="insight-rules">
      <TableHeader>
        <TableRow>
          <TableHead>Rule</TableHead>
          <TableHead className="text-right">Approved</TableHead>
          <TableHead className="text-right">Denied</TableHead>
          <TableHead className="text-right">Expired</TableHead>
          <TableHead className="text-right">Approve ratio</TableHead>
          <TableHead className="text-right">Median to decide</TableHead>
          <TableHead className="text-right">p90 to decide</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {rules.map((rule) => (
          <TableRow key={rule.rule_id ?? ""} data-rule-id={rule.rule_id ?? ""}>
            <TableCell className="font-mono text-xs">
              {rule.rule_id === null ? (
                <span className="text-muted-foreground">no rule</span>
              ) : (
                <Visible text={rule.rule_id} />
              )}
            </TableCell>
            <TableCell className="text-right tabular-nums">{rule.approved}</TableCell>
            <TableCell className="text-right tabular-nums">{rule.denied}</TableCell>
            <TableCell className="text-right tabular-nums">{rule.expired}</TableCell>
            <TableCell className="text-right tabular-nums">{percent(rule.approve_ratio)}</TableCell>
            <TableCell className="text-right tabular-nums">
              {seconds(rule.median_decide_seconds)}
            </TableCell>
            <TableCell className="text-right tabular-nums">
              {seconds(rule.p90_decide_seconds)}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
