import {
  type FarameshApprovalTimeoutError,
  type FarameshDeniedError,
  isFarameshError,
} from "@faramesh/sdk";

/**
 * The tool output a model reads when its call was not allowed to run:
 * `Action denied by policy (<reason_code>): <reason>`, or, when a person denied it,
 * `Action denied by a person (APPROVAL_DENIED): <the approver's reason>`.
 *
 * @example
 * deniedMessage(error) // "Action denied by policy (POLICY_DENY): Refunds need a human"
 * deniedMessage(error) // "Action denied by a person (APPROVAL_DENIED): Denied by alice: not on prod"
 */
export function deniedMessage(error: FarameshDeniedError | FarameshApprovalTimeoutError): string {
  if (isFarameshError(error, "DENIED")) return error.message;
  return `Action denied by policy (${error.reasonCode}): ${error.reason}`;
}
