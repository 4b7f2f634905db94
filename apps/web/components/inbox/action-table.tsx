"use client";

import { Check, X } from "lucide-react";
import { memo } from "react";
import { preview } from "@/components/json-view";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";
import {
  absolute,
  RISK_TONE,
  relative,
  STATUS_TONE,
  shortDuration,
  statusLabel,
} from "@/lib/format";
import { Visible } from "@/lib/visible";
import type { Row } from "./rows";

interface Props {
  rows: Row[];
  selected: number;
  now: number;
  canApprove: boolean;
  onSelect(index: number): void;
  onOpen(row: Row): void;
  onDecide(row: Row, approve: boolean): void;
}

function TimeLeft({ row, now }: { row: Row; now: number }) {
  if (row.status !== "pending_approval" || !row.approval_expires_at) return null;
  const left = Date.parse(row.approval_expires_at) - now;
  return (
    <span
      className={left < 60_000 ? "text-danger" : "text-muted-foreground"}
      title={`Expires ${absolute(row.approval_expires_at)}`}
    >
      {left > 0 ? `${shortDuration(left)} left` : "expiring"}
    </span>
  );
}

interface RowProps extends Omit<Props, "rows" | "selected"> {
  row: Row;
  index: number;
  selected: boolean;
}

/**
 * One row, memoized: an event replaces only the row it changes, so under a stream of new
 * actions React renders the new row, not the whole page of them.
 */
const ActionRow = memo(function ActionRow({
  row,
  index,
  selected,
  now,
  canApprove,
  onSelect,
  onOpen,
  onDecide,
}: RowProps) {
  return (
    <TableRow
      key={row.id}
      data-action-id={row.id}
      data-status={row.status}
      data-selected={selected}
      aria-selected={selected}
      className="cursor-pointer"
      onClick={() => {
        onSelect(index);
        onOpen(row);
      }}
    >
      <TableCell>
        <Badge tone={STATUS_TONE[row.status]}>{statusLabel(row.status)}</Badge>
        {row.context?.demo === true ? (
          <Badge tone="info" className="ml-1" title="Seeded demo data">
            demo
          </Badge>
        ) : null}
      </TableCell>
      <TableCell className="hidden sm:table-cell">
        <Badge tone={RISK_TONE[row.risk_level]}>{row.risk_level}</Badge>
      </TableCell>
      <TableCell className="max-w-40 truncate">
        <Visible text={row.agent_id} />
      </TableCell>
      <TableCell className="max-w-56 truncate font-mono text-xs">
        <button
          type="button"
          className="max-w-full truncate text-left hover:underline"
          onClick={(event) => {
            event.stopPropagation();
            onSelect(index);
            onOpen(row);
          }}
        >
          <Visible text={row.tool} />.<Visible text={row.operation} />
        </button>
      </TableCell>
      <TableCell className="hidden max-w-80 truncate font-mono text-xs text-muted-foreground md:table-cell">
        {row.params === undefined ? "…" : <Visible text={preview(row.params)} />}
      </TableCell>
      <TableCell className="whitespace-nowrap text-xs">
        <span title={absolute(row.created_at)}>{relative(row.created_at, now)}</span>{" "}
        <TimeLeft row={row} now={now} />
      </TableCell>
      <TableCell className="text-right whitespace-nowrap">
        {canApprove && row.status === "pending_approval" ? (
          <span className="inline-flex gap-1">
            <Button
              size="sm"
              variant="approve"
              aria-label={`Approve ${row.tool}.${row.operation}`}
              onClick={(event) => {
                event.stopPropagation();
                onDecide(row, true);
              }}
            >
              <Check /> <span className="hidden lg:inline">Approve</span>
            </Button>
            <Button
              size="sm"
              variant="deny"
              aria-label={`Deny ${row.tool}.${row.operation}`}
              onClick={(event) => {
                event.stopPropagation();
                onDecide(row, false);
              }}
            >
              <X /> <span className="hidden lg:inline">Deny</span>
            </Button>
          </span>
        ) : null}
      </TableCell>
    </TableRow>
  );
});

/** The dense, keyboard-driven list of actions; row clicks open the drawer. */
export function ActionTable({
  rows,
  selected,
  now,
  canApprove,
  onSelect,
  onOpen,
  onDecide,
}: Props) {
  return (
    <Table aria-label="Actions" data-testid="actions-table">
      <TableHeader>
        <TableRow>
          <TableHead>Status</TableHead>
          <TableHead className="hidden sm:table-cell">Risk</TableHead>
          <TableHead>Agent</TableHead>
          <TableHead>Tool · operation</TableHead>
          <TableHead className="hidden md:table-cell">Params</TableHead>
          <TableHead>Age</TableHead>
          <TableHead className="text-right">
            <span className="sr-only">Decide</span>
          </TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((row, index) => (
          <ActionRow
            key={row.id}
            row={row}
            index={index}
            selected={index === selected}
            now={now}
            canApprove={canApprove}
            onSelect={onSelect}
            onOpen={onOpen}
            onDecide={onDecide}
          />
        ))}
      </TableBody>
    </Table>
  );
}
