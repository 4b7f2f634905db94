/**
 * The browser-light entry point: canonical JSON, lossless parsing and the action hashes,
 * without the policy loader.
 */

export { sha256Hex } from "./hash.js";
export {
  type ActionInput,
  canonicalRequest,
  policyHash,
  provenanceId,
  requestHash,
} from "./hashes.js";
export { canonicalize, formatNumber, sortKeys } from "./json/canonical.js";
export { JsonParseError } from "./json/errors.js";
export { type ParseJsonOptions, parseJson } from "./json/parse.js";
export {
  isJsonNumber,
  isJsonObject,
  type JsonObject,
  type JsonValue,
  setOwn,
} from "./json/types.js";
