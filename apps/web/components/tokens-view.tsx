"use client";

import { type CreatedToken, ROLES, type Role, type TokenInfo } from "@faramesh/sdk";
import { useCallback, useEffect, useState } from "react";
import { CopyButton } from "@/components/copy-button";
import { RevokeButton } from "@/components/revoke-button";
import { Empty, ErrorState, errorMessage, Loading } from "@/components/states";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardTitle } from "@/components/ui/card";
import { Input, Label, Select } from "@/components/ui/input";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";
import { absolute } from "@/lib/format";
import { useSession } from "@/lib/session";
import { Visible } from "@/lib/visible";

function CreateForm({ onCreated }: { onCreated(token: CreatedToken): void }) {
  const { client } = useSession();
  const [name, setName] = useState("");
  const [role, setRole] = useState<Role>("approver");
  const [agentId, setAgentId] = useState("");
  const [ttl, setTtl] = useState("");
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      className="flex flex-wrap items-end gap-2"
      onSubmit={async (event) => {
        event.preventDefault();
        try {
          const created = await client.createToken({
            name,
            role,
            agentId: role === "agent" && agentId !== "" ? agentId : undefined,
            ttl: ttl === "" ? undefined : ttl,
          });
          setError(null);
          setName("");
          onCreated(created);
        } catch (failure) {
          setError(errorMessage(failure));
        }
      }}
    >
      <div className="grid gap-1">
        <Label htmlFor="token-name">Name</Label>
        <Input id="token-name" required value={name} onChange={(e) => setName(e.target.value)} />
      </div>
      <div className="grid gap-1">
        <Label htmlFor="token-role">Role</Label>
        <Select id="token-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </Select>
      </div>
      {role === "agent" ? (
        <div className="grid gap-1">
          <Label htmlFor="token-agent">Agent id (default: the name)</Label>
          <Input id="token-agent" value={agentId} onChange={(e) => setAgentId(e.target.value)} />
        </div>
      ) : null}
      <div className="grid gap-1">
        <Label htmlFor="token-ttl">Expires after (e.g. 12h, 90d; empty: never)</Label>
        <Input
          id="token-ttl"
          className="w-32"
          value={ttl}
          onChange={(e) => setTtl(e.target.value)}
        />
      </div>
      <Button type="submit">Create token</Button>
      {error ? (
        <p role="alert" className="w-full text-danger">
          {error}
        </p>
      ) : null}
    </form>
  );
}

/** Admin only: create (secret shown once), list and revoke role tokens. */
export function TokensView() {
  const { client, isAdmin } = useSession();
  const [tokens, setTokens] = useState<TokenInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<CreatedToken | null>(null);

  const load = useCallback(async () => {
    try {
      setTokens(await client.listTokens());
      setError(null);
    } catch (failure) {
      setError(errorMessage(failure));
    }
  }, [client]);
  useEffect(() => {
    if (isAdmin) void load();
  }, [isAdmin, load]);

  if (!isAdmin)
    return (
      <ErrorState message="Tokens are managed by admins; your token's role cannot see them." />
    );
  return (
    <div className="grid gap-3">
      <h1 className="text-lg font-semibold">Tokens</h1>
      <Card>
        <CardTitle>New token</CardTitle>
        <CreateForm
          onCreated={(token) => {
            setCreated(token);
            void load();
          }}
        />
        {created ? (
          <div
            role="status"
            className="mt-3 rounded-md border border-warning/40 bg-warning-bg p-2 text-warning"
          >
            <p className="font-medium">
              Copy the secret of “{created.name}” now: it is shown only this once.
            </p>
            <p className="flex items-center gap-1">
              <code className="break-all font-mono text-xs" data-testid="token-secret">
                {created.token}
              </code>
              <CopyButton text={created.token} label="token secret" />
            </p>
          </div>
        ) : null}
      </Card>
      <Card>
        <CardTitle>Tokens</CardTitle>
        {error ? <ErrorState message={error} onRetry={load} /> : null}
        {tokens === null && error === null ? <Loading /> : null}
        {tokens?.length === 0 ? <Empty title="No role tokens yet" /> : null}
        {tokens && tokens.length > 0 ? (
          <Table aria-label="Tokens">
            <TableHeader>
              <TableRow>
                <TableHead>Name</TableHead>
                <TableHead>Role</TableHead>
                <TableHead>Agent</TableHead>
                <TableHead className="hidden sm:table-cell">Created</TableHead>
                <TableHead>Expires</TableHead>
                <TableHead>
                  <span className="sr-only">Revoke</span>
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {tokens.map((token) => (
                <TableRow key={token.id}>
                  <TableCell>
                    <Visible text={token.name} />
                  </TableCell>
                  <TableCell>
                    <Badge tone="info">{token.role}</Badge>
                  </TableCell>
                  <TableCell>{token.agent_id ? <Visible text={token.agent_id} /> : "—"}</TableCell>
                  <TableCell className="hidden text-xs sm:table-cell">
                    {absolute(token.created_at)}
                  </TableCell>
                  <TableCell className="text-xs">
                    {token.expires_at ? absolute(token.expires_at) : "never"}
                  </TableCell>
                  <TableCell className="text-right">
                    {token.revoked_at ? (
                      <Badge tone="neutral">revoked</Badge>
                    ) : (
                      <RevokeButton
                        name={token.name}
                        onConfirm={async () => {
                          try {
                            await client.revokeToken(token.id);
                            await load();
                          } catch (failure) {
                            setError(errorMessage(failure));
                          }
                        }}
                      />
                    )}
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
