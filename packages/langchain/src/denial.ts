import type { FarameshApprovalTimeoutError, FarameshDeniedError } from "@faramesh/sdk";

/**
 * The tool output a model reads when its call was not allowed to run, worded from the error's
 * `denial` so the model knows who refused it and whether to try again (and does not hunt for
 * another spelling of a call the policy or a person refused).
 *
 * @example
 * deniedMessage(error) // "A person denied this call: Denied by alice: not on prod. Do not retry it."
 * deniedMessage(error) // "Action denied by policy (POLICY_DENY): Refunds need a human. Do not retry it in another form."
 */
export function deniedMessage(error: FarameshDeniedError | FarameshApprovalTimeoutError): string {
  const { by, reason_code, reason } = error.denial;
  switch (by) {
    case "person":
      return `A person denied this call: ${reason}. Do not retry it.`;
    case "expiry":
      return `Nobody approved this call in time (${reason_code}): ${reason}. You may ask again later.`;
    case "grant_revoked":
      return `The permission for this call was revoked (${reason_code}): ${reason}. Do not retry it.`;
    case "system":
      return `Faramesh could not decide this call (${reason_code}): ${reason}. You may retry later.`;
    case "policy":
      return `Action denied by policy (${reason_code}): ${reason}. Do not retry it in another form.`;
  }
}
