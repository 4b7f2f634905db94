"use client";

import type { Action } from "@faramesh/sdk";
import { useEffect, useRef, useState } from "react";
import { ApproveOptions } from "@/components/approve-options";
import { JsonView } from "@/components/json-view";
import { ErrorState, errorMessage, Loading } from "@/components/states";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogTitle } from "@/components/ui/dialog";
import { Label, Textarea } from "@/components/ui/input";
import {
  type ApproveChoices,
  approvalOptions,
  NO_CHOICES,
  notPendingMessage,
  refusalMessage,
} from "@/lib/decide";
import { RISK_TONE } from "@/lib/format";
import { useSession } from "@/lib/session";
import { Visible } from "@/lib/visible";

export interface DecideRequest {
  id: string;
  approve: boolean;
  /** The deadline as last seen, to say when an action expired. */
  expiresAt?: string | null;
}

/**
 * Confirms an approve or deny: loads the action afresh, shows exactly what is decided and its
 * request hash, and sends that hash so the server refuses if the action is not what was shown.
 */
export function DecideDialog({
  request,
  onClose,
  onDone,
}: {
  request: DecideRequest | null;
  onClose(): void;
  onDone?(action: Action): void;
}) {
  const { client } = useSession();
  const [action, setAction] = useState<Action | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [choices, setChoices] = useState<ApproveChoices>(NO_CHOICES);

  // Once what is decided is on screen, the confirm button takes the focus: `a`, then Enter.
  const confirm = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (action?.status === "pending_approval") confirm.current?.focus();
  }, [action]);

  useEffect(() => {
    setAction(null);
    setLoadError(null);
    setRefusal(null);
    setReason("");
    setChoices(NO_CHOICES);
    if (request === null) return;
    const abort = new AbortController();
    client
      .getAction(request.id, { signal: abort.signal })
      .then(setAction)
      .catch((error: unknown) => {
        if (!abort.signal.aborted) setLoadError(errorMessage(error));
      });
    return () => abort.abort();
  }, [client, request]);

  const verb = request?.approve ? "Approve" : "Deny";
  // An expired action no longer carries its deadline; the pending one we listed did.
  const expiresAt = action?.approval_expires_at ?? request?.expiresAt ?? null;
  const submit = async () => {
    if (request === null || action === null) return;
    const options = {
      requestHash: action.request_hash,
      reason: reason === "" ? undefined : reason,
    };
    const approval = request.approve
      ? approvalOptions(choices)
      : { ok: true as const, options: {} };
    if (!approval.ok) {
      setRefusal(approval.error);
      return;
    }
    setBusy(true);
    setRefusal(null);
    try {
      const decided = request.approve
        ? await client.approveAction(action.id, { ...options, ...approval.options })
        : await client.denyAction(action.id, options);
      onDone?.(decided);
      onClose();
    } catch (error) {
      setRefusal(refusalMessage(error, { approval_expires_at: expiresAt }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open={request !== null} onOpenChange={(open) => (open ? null : onClose())}>
      <DialogContent aria-describedby="decide-description">
        <DialogTitle className="text-base font-semibold">{verb} this action?</DialogTitle>
        <DialogDescription id="decide-description" className="text-muted-foreground">
          {request?.approve
            ? "It will be allowed to run once, exactly as shown."
            : "It will never run; the agent is told it was denied."}
        </DialogDescription>
        {loadError ? <ErrorState message={loadError} /> : null}
        {action === null && loadError === null ? <Loading /> : null}
        {action ? (
          <div className="grid gap-2">
            <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1">
              <dt className="text-muted-foreground">Agent</dt>
              <dd className="break-all">
                <Visible text={action.agent_id} />
              </dd>
              <dt className="text-muted-foreground">Call</dt>
              <dd className="break-all font-mono">
                <Visible text={action.tool} />.<Visible text={action.operation} />
              </dd>
              <dt className="text-muted-foreground">Risk</dt>
              <dd>
                <Badge tone={RISK_TONE[action.risk_level]}>{action.risk_level}</Badge>
              </dd>
              <dt className="text-muted-foreground">Request hash</dt>
              <dd className="break-all font-mono text-xs" data-testid="confirm-hash">
                {action.request_hash}
              </dd>
            </dl>
            <JsonView value={action.params} label="Params to be decided" />
            {request?.approve && action.status === "pending_approval" ? (
              <ApproveOptions action={action} value={choices} onChange={setChoices} />
            ) : null}
            {action.status !== "pending_approval" ? (
              <p
                role="alert"
                data-testid="decide-refusal"
                className="rounded-md border border-danger/40 bg-danger-bg p-2 text-danger"
              >
                {notPendingMessage(action.status, expiresAt)}
              </p>
            ) : null}
            <Label htmlFor="decide-reason">Reason (optional, recorded in the ledger)</Label>
            <Textarea
              id="decide-reason"
              maxLength={2000}
              value={reason}
              onChange={(event) => setReason(event.target.value)}
            />
          </div>
        ) : null}
        {refusal ? (
          <p
            role="alert"
            data-testid="decide-refusal"
            className="rounded-md border border-danger/40 bg-danger-bg p-2 text-danger"
          >
            {refusal}
          </p>
        ) : null}
        <div className="flex justify-end gap-2">
          <Button variant="outline" onClick={onClose}>
            Cancel
          </Button>
          <Button
            ref={confirm}
            variant={request?.approve ? "approve" : "deny"}
            disabled={busy || action === null || action.status !== "pending_approval"}
            onClick={submit}
          >
            {busy ? `${verb}…` : verb}
          </Button>
        </div>
      </DialogContent>
    </Dialog>
  );
}
