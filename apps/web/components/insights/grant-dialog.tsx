"use client";

import type { GrantSuggestion } from "@faramesh/sdk";
import { useEffect, useRef, useState } from "react";
import { ErrorState } from "@/components/states";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogTitle } from "@/components/ui/dialog";
import { createGrant, grantRefusal } from "@/lib/grants";
import { useSession } from "@/lib/session";
import { Visible } from "@/lib/visible";

/** Shows exactly what a suggested grant allows, and creates it on confirmation. */
export function GrantDialog({
  suggestion,
  onClose,
  onDone,
}: {
  suggestion: GrantSuggestion | null;
  onClose(): void;
  onDone(suggestion: GrantSuggestion): void;
}) {
  const { client } = useSession();
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const confirm = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    setRefusal(null);
    if (suggestion !== null) confirm.current?.focus();
  }, [suggestion]);

  const grant = suggestion?.grant;
  const submit = async () => {
    if (suggestion === null) return;
    setBusy(true);
    setRefusal(null);
    try {
      await createGrant(client, suggestion.grant);
      onDone(suggestion);
      onClose();
    } catch (error) {
      setRefusal(grantRefusal(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open={suggestion !== null} onOpenChange={(open) => (open ? null : onClose())}>
      <DialogContent aria-describedby="grant-description">
        <DialogTitle className="text-base font-semibold">Allow this for 7 days?</DialogTitle>
        <DialogDescription id="grant-description" className="text-muted-foreground">
          Until the grant expires, matching calls run without asking a person. Every use is recorded
          in the ledger, and the grant can be revoked.
        </DialogDescription>
        {grant ? (
          <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1">
            <dt className="text-muted-foreground">Agent</dt>
            <dd className="break-all">
              <Visible text={grant.agent_id} />
            </dd>
            <dt className="text-muted-foreground">Call</dt>
            <dd className="break-all font-mono">
              <Visible text={grant.tool} />.<Visible text={grant.operation} />
            </dd>
            <dt className="text-muted-foreground">Requests</dt>
            <dd className="break-all font-mono text-xs" data-testid="grant-scope">
              {grant.request_hash === undefined
                ? "any request of this call"
                : `only request ${grant.request_hash}`}
            </dd>
            <dt className="text-muted-foreground">For</dt>
            <dd>{grant.ttl ?? "the server's default"}</dd>
          </dl>
        ) : null}
        {refusal ? <ErrorState message={refusal} /> : null}
        <div className="flex justify-end gap-2">
          <Button variant="outline" onClick={onClose}>
            Cancel
          </Button>
          <Button ref={confirm} variant="approve" disabled={busy} onClick={submit}>
            Create grant
          </Button>
        </div>
      </DialogContent>
    </Dialog>
  );
}
