"use client";

import { type Notification, NotificationStatus } from "@faramesh/sdk";
import Link from "next/link";
import { useCallback, useEffect, useState } from "react";
import { Empty, ErrorState, errorMessage, Loading } from "@/components/states";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardTitle } from "@/components/ui/card";
import { Label, Select } from "@/components/ui/input";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";
import { absolute, relative } from "@/lib/format";
import { useSession } from "@/lib/session";
import { useNow } from "@/lib/use-now";
import { Visible } from "@/lib/visible";

const STATUS_TONE: Record<Notification["status"], BadgeTone> = {
  pending: "warning",
  delivered: "success",
  dead: "danger",
};

function When({ delivery, now }: { delivery: Notification; now: number }) {
  if (delivery.status === "pending")
    return Date.parse(delivery.next_attempt_at) <= now ? (
      <>next attempt due now</>
    ) : (
      <>next attempt {relative(delivery.next_attempt_at, now)}</>
    );
  if (delivery.delivered_at !== null) return <>delivered {absolute(delivery.delivered_at)}</>;
  return <>gave up {absolute(delivery.updated_at)}</>;
}

/** Admin only: each delivery of a notification, its attempts and last error; retry dead ones. */
export function NotificationsView() {
  const { client, isAdmin } = useSession();
  const now = useNow();
  const [status, setStatus] = useState<string>("");
  const [deliveries, setDeliveries] = useState<Notification[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setDeliveries(
        await client.listNotifications({
          limit: 200,
          ...(status === "" ? {} : { status: status as Notification["status"] }),
        }),
      );
      setError(null);
    } catch (failure) {
      setError(errorMessage(failure));
    }
  }, [client, status]);
  useEffect(() => {
    if (isAdmin) void load();
  }, [isAdmin, load]);

  if (!isAdmin)
    return (
      <ErrorState message="Notifications are managed by admins; your token's role cannot see them." />
    );
  return (
    <div className="grid gap-3">
      <h1 className="text-lg font-semibold">Notifications</h1>
      <p className="text-muted-foreground">
        Each action that waits for a person, each approval toward a quorum and each outcome is
        delivered to the webhook endpoints and Slack channels that hear of it. A failed delivery is
        retried with backoff; after its last attempt it is dead until you retry it.
      </p>
      <Card>
        <div className="mb-2 flex flex-wrap items-end gap-2">
          <CardTitle>Deliveries</CardTitle>
          <Button variant="outline" size="sm" onClick={() => void load()}>
            Refresh
          </Button>
          <div className="ml-auto grid gap-1">
            <Label htmlFor="delivery-status">Status</Label>
            <Select id="delivery-status" value={status} onChange={(e) => setStatus(e.target.value)}>
              <option value="">all</option>
              {NotificationStatus.options.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </Select>
          </div>
        </div>
        {error ? <ErrorState message={error} onRetry={load} /> : null}
        {deliveries === null && error === null ? <Loading /> : null}
        {deliveries?.length === 0 ? (
          <Empty title={status === "" ? "No notifications yet" : `No ${status} deliveries`} />
        ) : null}
        {deliveries && deliveries.length > 0 ? (
          <Table aria-label="Deliveries">
            <TableHeader>
              <TableRow>
                <TableHead>Topic</TableHead>
                <TableHead>To</TableHead>
                <TableHead>Status</TableHead>
                <TableHead>Attempts</TableHead>
                <TableHead className="hidden md:table-cell">When</TableHead>
                <TableHead>Last error</TableHead>
                <TableHead>
                  <span className="sr-only">Retry</span>
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {deliveries.map((delivery) => (
                <TableRow
                  key={delivery.id}
                  data-delivery-id={delivery.id}
                  data-delivery-status={delivery.status}
                >
                  <TableCell>
                    <span className="grid">
                      <span className="font-mono text-xs">{delivery.topic}</span>
                      <Link
                        className="text-xs text-muted-foreground underline"
                        href={`/actions/${encodeURIComponent(delivery.action_id)}`}
                      >
                        action {delivery.action_id.slice(0, 8)}…
                      </Link>
                    </span>
                  </TableCell>
                  <TableCell className="text-xs">
                    {delivery.channel} <Visible text={delivery.target} />
                  </TableCell>
                  <TableCell>
                    <Badge tone={STATUS_TONE[delivery.status]}>{delivery.status}</Badge>
                  </TableCell>
                  <TableCell className="text-xs">{delivery.attempts}</TableCell>
                  <TableCell className="hidden text-xs md:table-cell">
                    <When delivery={delivery} now={now} />
                  </TableCell>
                  <TableCell className="max-w-xs break-words text-xs">
                    {delivery.last_error === null ? "—" : <Visible text={delivery.last_error} />}
                  </TableCell>
                  <TableCell className="text-right">
                    {delivery.status === "dead" ? (
                      <Button
                        size="sm"
                        variant="outline"
                        onClick={async () => {
                          try {
                            await client.retryNotification(delivery.id);
                            await load();
                          } catch (failure) {
                            setError(errorMessage(failure));
                          }
                        }}
                      >
                        Retry
                      </Button>
                    ) : null}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        ) : null}
      </Card>
    </div>
  );
}
