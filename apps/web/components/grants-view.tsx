"use client";

import type { Grant } from "@faramesh/sdk";
import { useCallback, useEffect, useState } from "react";
import { RevokeButton } from "@/components/revoke-button";
import { Empty, ErrorState, errorMessage, Loading } from "@/components/states";
import { Badge, type BadgeTone } from "@/components/ui/badge";
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

const STATUS_TONE: Record<Grant["status"], BadgeTone> = {
  active: "success",
  expired: "neutral",
  used_up: "neutral",
  revoked: "danger",
};

const FILTERS = ["active", "expired", "used_up", "revoked"] as const;

function Scope({ grant }: { grant: Grant }) {
  const what = grant.request_hash
    ? `exactly the request ${grant.request_hash.slice(0, 12)}…`
    : grant.match
      ? `params matching ${JSON.stringify(grant.match)}`
      : "any params";
  return (
    <span className="grid">
      <span className="font-mono text-xs">
        <Visible text={`${grant.tool}.${grant.operation}`} />
      </span>
      <span className="text-xs text-muted-foreground">
        {grant.agent_id === "*" ? "any agent" : <Visible text={grant.agent_id} />} ·{" "}
        <Visible text={what} />
      </span>
    </span>
  );
}

/** Standing grants: what approvers allowed ahead of the policy, their use, and revocation. */
export function GrantsView() {
  const { client, canApprove } = useSession();
  // A static export has no server-side query: the grant to point at is read in the browser.
  const [focus, setFocus] = useState<string | null>(null);
  useEffect(() => setFocus(new URLSearchParams(window.location.search).get("id")), []);
  const now = useNow();
  const [status, setStatus] = useState<string>("");
  const [grants, setGrants] = useState<Grant[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setGrants(
        await client.listGrants({
          limit: 200,
          ...(status === "" ? {} : { status: status as Grant["status"] }),
        }),
      );
      setError(null);
    } catch (failure) {
      setError(errorMessage(failure));
    }
  }, [client, status]);
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <div className="grid gap-3">
      <h1 className="text-lg font-semibold">Grants</h1>
      <p className="text-muted-foreground">
        A grant lets calls that the policy sends to approval run without asking, within its scope,
        until it expires, is used up or is revoked. Deny rules always win. Create one when approving
        (“Don't ask again”) or with <code className="font-mono">faramesh grants create</code>.
      </p>
      <Card>
        <div className="mb-2 flex flex-wrap items-end gap-2">
          <CardTitle>Grants</CardTitle>
          <div className="ml-auto grid gap-1">
            <Label htmlFor="grant-status">Status</Label>
            <Select id="grant-status" value={status} onChange={(e) => setStatus(e.target.value)}>
              <option value="">all</option>
              {FILTERS.map((s) => (
                <option key={s} value={s}>
                  {s.replace("_", " ")}
                </option>
              ))}
            </Select>
          </div>
        </div>
        {error ? <ErrorState message={error} onRetry={load} /> : null}
        {grants === null && error === null ? <Loading /> : null}
        {grants?.length === 0 ? (
          <Empty
            title={status === "" ? "No grants yet" : `No ${status.replace("_", " ")} grants`}
          />
        ) : null}
        {grants && grants.length > 0 ? (
          <Table aria-label="Grants">
            <TableHeader>
              <TableRow>
                <TableHead>Scope</TableHead>
                <TableHead>Status</TableHead>
                <TableHead>Uses</TableHead>
                <TableHead>Expires</TableHead>
                <TableHead className="hidden md:table-cell">Created</TableHead>
                <TableHead>
                  <span className="sr-only">Revoke</span>
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {grants.map((grant) => (
                <TableRow
                  key={grant.id}
                  data-grant-id={grant.id}
                  data-grant-status={grant.status}
                  data-selected={grant.id === focus}
                >
                  <TableCell>
                    <Scope grant={grant} />
                  </TableCell>
                  <TableCell>
                    <Badge tone={STATUS_TONE[grant.status]}>{grant.status.replace("_", " ")}</Badge>
                  </TableCell>
                  <TableCell className="text-xs">
                    {grant.max_uses === null ? grant.uses : `${grant.uses} of ${grant.max_uses}`}
                  </TableCell>
                  <TableCell className="text-xs">
                    {grant.expires_at ? relative(grant.expires_at, now) : "never"}
                  </TableCell>
                  <TableCell className="hidden text-xs md:table-cell">
                    {absolute(grant.created_at)} by <Visible text={grant.created_by} />
                    {grant.reason ? (
                      <span className="block text-muted-foreground">
                        <Visible text={grant.reason} />
                      </span>
                    ) : null}
                  </TableCell>
                  <TableCell className="text-right">
                    {canApprove && grant.status === "active" ? (
                      <RevokeButton
                        name={`the grant for ${grant.tool}.${grant.operation}`}
                        onConfirm={async () => {
                          try {
                            await client.revokeGrant(grant.id);
                            await load();
                          } catch (failure) {
                            setError(errorMessage(failure));
                          }
                        }}
                      />
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
