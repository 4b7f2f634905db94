import { type Action, type Denial, denialOf, type LedgerEvent } from "@faramesh/sdk";
import { Visible } from "@/lib/visible";

const WHO: Record<Denial["by"], string> = {
  person: "A person denied this call",
  policy: "The policy denied this call",
  expiry: "Nobody decided in time: the approval expired",
  grant_revoked: "The standing grant was revoked",
  system: "The server could not decide this call",
};

const RETRY: Record<Denial["retry"], string> = {
  never: "The agent is told not to retry it.",
  after: "The agent may ask again later.",
  with_changes: "The agent may retry only with a changed call.",
};

/** Who refused the action and what the agent is told to do next, as the SDK words it. */
export function DenialNote({ action, events }: { action: Action; events: LedgerEvent[] }) {
  const denial = denialOf(action);
  if (denial === null) return null;
  const by = events.findLast((event) => event.event_type === "denied")?.meta.by;
  return (
    <p
      data-testid="drawer-denial"
      className="mb-2 rounded-md border border-danger/40 bg-danger-bg p-2 text-danger"
    >
      {WHO[denial.by]}
      {denial.by === "person" && typeof by === "string" ? (
        <>
          {" "}
          (<Visible text={by} />)
        </>
      ) : null}
      : <Visible text={denial.reason} />. {RETRY[denial.retry]}
    </p>
  );
}
