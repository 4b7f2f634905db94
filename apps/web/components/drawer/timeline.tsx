import type { LedgerEvent } from "@faramesh/sdk";
import { JsonView } from "@/components/json-view";
import { absolute, relative } from "@/lib/format";
import { Visible } from "@/lib/visible";

const LABEL: Record<string, string> = {
  created: "Submitted",
  decision_made: "Decided by policy",
  approval_recorded: "Approval counted toward the quorum",
  approved: "Approved",
  denied: "Denied",
  approval_rejected: "Approval attempt refused",
  expired: "Expired",
  started: "Started",
  succeeded: "Succeeded",
  failed: "Failed",
  timeout: "Timed out",
  grant_used: "Allowed by a standing grant",
};

const text = (value: unknown) => (typeof value === "string" ? value : undefined);

/** The action's ledger events, oldest first, with who decided and why. */
export function Timeline({ events, now }: { events: LedgerEvent[]; now: number }) {
  return (
    <ol className="relative ml-2 border-l" aria-label="Timeline">
      {events.map((event) => {
        const by = text(event.meta.by);
        const reason = text(event.meta.reason);
        const why = text(event.meta.why);
        const error = text(event.meta.error);
        const edit = event.meta.edit as { original_params?: unknown } | undefined;
        return (
          <li key={event.id} className="mb-3 ml-3" data-event-type={event.event_type}>
            <span className="absolute -left-1 mt-1.5 size-2 rounded-full bg-border" aria-hidden />
            <p className="font-medium">
              {LABEL[event.event_type] ?? event.event_type}
              {by ? (
                <span className="font-normal text-muted-foreground">
                  {" "}
                  by <Visible text={by} />
                </span>
              ) : null}
            </p>
            <p className="text-xs text-muted-foreground">
              <time dateTime={event.created_at}>{relative(event.created_at, now)}</time> ·{" "}
              {absolute(event.created_at)} · seq {event.seq}
            </p>
            {reason || why || error ? (
              <p className="mt-0.5 break-words" data-testid="timeline-reason">
                <Visible text={reason ?? why ?? error ?? ""} />
              </p>
            ) : null}
            {edit?.original_params !== undefined ? (
              <details className="mt-1" data-testid="timeline-edit">
                <summary className="cursor-pointer text-xs">
                  Approved with edited params: the params as submitted
                </summary>
                <JsonView value={edit.original_params} label="Params as submitted" />
              </details>
            ) : null}
            {event.event_type === "decision_made" && typeof event.meta.reason_code === "string" ? (
              <p className="text-xs text-muted-foreground">
                {event.meta.reason_code}
                {typeof event.meta.rule_id === "string" ? (
                  <>
                    {" "}
                    · rule <Visible text={event.meta.rule_id} />
                  </>
                ) : null}
              </p>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}
