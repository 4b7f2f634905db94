"use client";

import { KeyRound } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Input, Label } from "@/components/ui/input";

/** Shown when the server needs a token: it is kept in this tab's session storage only. */
export function Login({
  error,
  onSubmit,
}: {
  error: string | null;
  onSubmit(token: string): Promise<void>;
}) {
  const [token, setToken] = useState("");
  const [busy, setBusy] = useState(false);
  return (
    <main className="mx-auto flex min-h-screen max-w-sm flex-col justify-center gap-4 p-4">
      <h1 className="flex items-center gap-2 text-lg font-semibold">
        <KeyRound className="size-5" aria-hidden /> Sign in to Faramesh
      </h1>
      <p className="text-muted-foreground">
        This server requires a token. Paste an approver, viewer or admin token (from{" "}
        <code className="font-mono">FARAMESH_TOKEN</code> or{" "}
        <code className="font-mono">POST /v1/tokens</code>). It is kept in this tab only and sent as
        an <code className="font-mono">Authorization</code> header.
      </p>
      <form
        className="flex flex-col gap-2"
        onSubmit={async (event) => {
          event.preventDefault();
          setBusy(true);
          try {
            await onSubmit(token.trim()); // a pasted token often ends with a newline
          } finally {
            setBusy(false);
          }
        }}
      >
        <Label htmlFor="token">Token</Label>
        <Input
          id="token"
          type="password"
          autoComplete="off"
          autoFocus
          value={token}
          onChange={(event) => setToken(event.target.value)}
        />
        {error ? (
          <p role="alert" className="text-danger">
            {error}
          </p>
        ) : null}
        <Button type="submit" disabled={busy || token.length === 0}>
          {busy ? "Checking…" : "Sign in"}
        </Button>
      </form>
    </main>
  );
}
