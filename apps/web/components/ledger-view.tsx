"use client";

import type { LedgerVerification, StreamedEvent } from "@faramesh/sdk";
import { ShieldAlert, ShieldCheck } from "lucide-react";
import { useCallback, useEffect, useState } from "react";
import { Empty, ErrorState, errorMessage, Loading } from "@/components/states";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardTitle } from "@/components/ui/card";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";
import { absolute, STATUS_TONE, statusLabel } from "@/lib/format";
import { useLiveEvents } from "@/lib/live";
import { useSession } from "@/lib/session";
import { Visible } from "@/lib/visible";

const KEEP = 200;

/** The whole chain's verification, and the raw event stream as it arrives. */
export function LedgerView() {
  const { client } = useSession();
  const [report, setReport] = useState<LedgerVerification | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [events, setEvents] = useState<StreamedEvent[]>([]);

  const verify = useCallback(async () => {
    setBusy(true);
    try {
      setReport(await client.verifyLedger());
      setError(null);
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  }, [client]);
  useEffect(() => {
    void verify();
  }, [verify]);
  useLiveEvents((event) => {
    if (event !== "open") setEvents((list) => [event, ...list].slice(0, KEEP));
  });

  return (
    <div className="grid gap-3">
      <h1 className="text-lg font-semibold">Ledger</h1>
      <Card>
        <CardTitle>Chain verification</CardTitle>
        {error ? <ErrorState message={`Could not verify: ${error}`} onRetry={verify} /> : null}
        {report === null && error === null ? <Loading label="Verifying the whole chain…" /> : null}
        {report ? (
          <div className="flex flex-wrap items-center gap-3" data-testid="ledger-report">
            {report.ok ? (
              <p className="flex items-center gap-2 text-success">
                <ShieldCheck className="size-4" aria-hidden /> Intact:{" "}
                {report.events.toLocaleString()} events checked, every hash and link holds.
              </p>
            ) : (
              <p className="flex items-center gap-2 text-danger">
                <ShieldAlert className="size-4" aria-hidden /> Broken at seq{" "}
                {report.first_bad_seq ?? "?"} ({report.events.toLocaleString()} events checked):{" "}
                <Visible text={report.problem ?? "unknown problem"} />
              </p>
            )}
            <Button variant="outline" size="sm" disabled={busy} onClick={verify}>
              {busy ? "Verifying…" : "Verify again"}
            </Button>
          </div>
        ) : null}
      </Card>
      <Card>
        <CardTitle>Live events</CardTitle>
        {events.length === 0 ? (
          <Empty title="Waiting for events">
            <p>Every change to an action appears here as the server streams it.</p>
          </Empty>
        ) : (
          <Table aria-label="Live events">
            <TableHeader>
              <TableRow>
                <TableHead>seq</TableHead>
                <TableHead>type</TableHead>
                <TableHead>status</TableHead>
                <TableHead>call</TableHead>
                <TableHead className="hidden sm:table-cell">time</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {events.map((event) => (
                <TableRow key={`${event.id}-${event.type}`}>
                  <TableCell className="font-mono text-xs">{event.id}</TableCell>
                  <TableCell className="font-mono text-xs">{event.type}</TableCell>
                  <TableCell>
                    <Badge tone={STATUS_TONE[event.data.status]}>
                      {statusLabel(event.data.status)}
                    </Badge>
                  </TableCell>
                  <TableCell className="max-w-64 truncate font-mono text-xs">
                    <Visible text={event.data.agent_id} /> · <Visible text={event.data.tool} />.
                    <Visible text={event.data.operation} />
                  </TableCell>
                  <TableCell className="hidden text-xs sm:table-cell">
                    {absolute(event.timestamp)}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </Card>
    </div>
  );
}
