import type { Grant } from "@faramesh/sdk";
import { visible } from "../output/escape.js";

/** What a grant covers, in one line: `shell run for ops-bot, exact request`. */
export function grantScope(grant: Grant): string {
  const agent = grant.agent_id === "*" ? "any agent" : visible(grant.agent_id);
  const operation = grant.operation === "*" ? "any operation" : visible(grant.operation);
  const params =
    grant.request_hash !== null
      ? "exact request"
      : grant.match !== null
        ? `params matching ${visible(JSON.stringify(grant.match))}`
        : "any params";
  return `${visible(grant.tool)} ${operation} for ${agent}, ${params}`;
}

/** `3 of 10 uses`, or `3 uses` without a limit. */
export function grantUses(grant: Grant): string {
  return grant.max_uses === null ? `${grant.uses} uses` : `${grant.uses} of ${grant.max_uses} uses`;
}

/** "Grant 0193… (shell any operation for ops-bot, any params): 0 of 5 uses, until …." */
export function grantLine(verb: string, grant: Grant): string {
  const until = grant.expires_at === null ? "no expiry" : `until ${grant.expires_at}`;
  return `${verb} grant ${visible(grant.id)} (${grantScope(grant)}): ${grantUses(grant)}, ${until}.`;
}
