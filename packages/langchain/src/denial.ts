import type { FarameshApprovalTimeoutError, FarameshDeniedError } from "@faramesh/sdk";

/**
 * The tool output a model reads when its call was not allowed to run:
 * `Action denied by policy (<reason_code>): <reason>`.
 *
 * @example
 * deniedMessage(error) // "Action denied by policy (POLICY_DENY): Refunds need a human"
 */
export function deniedMessage(error: FarameshDeniedError | FarameshApprovalTimeoutError): string {
  return `Action denied by policy (${error.reasonCode}): ${error.reason}`;
}
