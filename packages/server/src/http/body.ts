import type { IncomingMessage } from "node:http";
import { canonicalize, JsonParseError, parseJson } from "@faramesh/policy-engine/canonical";
import type { Context } from "hono";
import * as v from "valibot";
import { FarameshError, type FieldError, validationError } from "../errors.js";

export interface BodyLimits {
  bodyBytes: number;
  depth: number;
  keys: number;
}

/**
 * Reads a JSON body strictly: size limit (413), lossless numbers, duplicate keys and
 * unrepresentable numbers refused (422), then validates it with a wire-contract schema.
 */
export async function readBody<S extends v.GenericSchema>(
  c: Context,
  schema: S,
  limits: BodyLimits,
): Promise<v.InferOutput<S>> {
  requireJson(c);
  return validate(schema, parseObject(await readBytes(c, limits.bodyBytes), limits));
}

/**
 * For routes that take no body (start, policy reload, token revoke): nothing, or `{}`, is
 * accepted whatever its content type (`curl -d '{}'` sends a form type); anything else is
 * refused (422), never silently ignored.
 */
export async function refuseBody(c: Context, limits: BodyLimits): Promise<void> {
  const bytes = await readBytes(c, limits.bodyBytes);
  if (bytes.byteLength === 0) return;
  validate(NO_FIELDS, parseObject(bytes, limits));
}

/**
 * For routes whose body is optional (webhook rotation): nothing is read as `{}`, whatever its
 * content type; a body is read like {@link readBody}.
 */
export async function readOptionalBody<S extends v.GenericSchema>(
  c: Context,
  schema: S,
  limits: BodyLimits,
): Promise<v.InferOutput<S>> {
  const bytes = await readBytes(c, limits.bodyBytes);
  if (bytes.byteLength === 0) return validate(schema, {});
  requireJson(c);
  return validate(schema, parseObject(bytes, limits));
}

const NO_FIELDS = v.strictObject(
  {},
  (issue) => `unknown field ${issue.received}: this request takes no body (send none, or {})`,
);

function requireJson(c: Context): void {
  const type = c.req.header("content-type") ?? "";
  if (!/^application\/(.+\+)?json\s*(;|$)/i.test(type)) {
    throw new FarameshError(
      "UNSUPPORTED_MEDIA_TYPE",
      "Send the body as JSON with Content-Type: application/json",
    );
  }
}

/** The raw body, stopping at `limit` bytes (413): for bodies that are not JSON, or signed as sent. */
export async function readBytes(c: Context, limit: number): Promise<Uint8Array> {
  const declared = Number(c.req.header("content-length") ?? Number.NaN);
  if (declared > limit) throw tooLarge(limit);
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  return readLimited(incoming ?? c.req.raw.body, limit);
}

/** Strict JSON: valid UTF-8, lossless numbers, no duplicate keys, within limits, an object. */
function parseObject(bytes: Uint8Array, limits: BodyLimits): object {
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    throw validationError([{ path: "", message: "body is not valid UTF-8" }]);
  }
  let value: unknown;
  try {
    value = parseJson(text, { maxDepth: limits.depth, maxKeys: limits.keys });
  } catch (error) {
    if (error instanceof JsonParseError)
      throw validationError([
        { path: error.path, message: `${error.message} at ${where(text, error.position)}` },
      ]);
    throw error;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw validationError([{ path: "", message: "body must be a JSON object" }]);
  }
  return value;
}

/** A position in a text as a person counts it: "line 2, column 7" (both from 1). */
function where(text: string, position: number): string {
  const before = text.slice(0, position);
  const lineStart = before.lastIndexOf("\n") + 1;
  const line = before.split("\n").length;
  return `line ${line}, column ${position - lineStart + 1} of the JSON body`;
}

/** Validates a value with a schema, turning every issue into a 422 field error. */
export function validate<S extends v.GenericSchema>(schema: S, value: unknown): v.InferOutput<S> {
  const result = v.safeParse(schema, value, { abortEarly: false });
  if (result.success) return result.output;
  throw validationError(result.issues.map(toFieldError));
}

function toFieldError(issue: v.BaseIssue<unknown>): FieldError {
  const path = (issue.path ?? []).map((item) => String(item.key)).join(".");
  return { path, message: issue.message };
}

/** Refuses a JSON value whose canonical form exceeds `max` bytes (params, context, result). */
export function checkSize(path: string, value: unknown, max: number): void {
  if (value === undefined || value === null) return;
  let size: number;
  try {
    size = Buffer.byteLength(canonicalize(value));
  } catch {
    throw validationError([{ path, message: "is not representable as JSON" }]);
  }
  if (size > max)
    throw validationError([
      { path, message: `is ${size} bytes of canonical JSON; the limit is ${max}` },
    ]);
}

/** Small bodies (approvals, tokens) get a small limit: they are read before the caller is known. */
const SMALL_BODY_BYTES = 16 * 1024;

/** The limits for a route whose body is small: SMALL_BODY_BYTES, or less when so configured. */
export function smallBody(limits: BodyLimits): BodyLimits {
  return { ...limits, bodyBytes: Math.min(limits.bodyBytes, SMALL_BODY_BYTES) };
}

const UTF8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Reads a body chunk by chunk and stops at the limit, so a client that sends no
 * Content-Length (chunked) cannot make the server buffer more than the limit. On Node the
 * request stream is read directly: going through the web Request that the adapter builds on
 * demand was measured at a quarter of a gate/decide request's CPU.
 */
async function readLimited(
  body: AsyncIterable<Uint8Array> | ReadableStream<Uint8Array> | null,
  limit: number,
): Promise<Uint8Array> {
  if (body === null) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for await (const chunk of body as AsyncIterable<Uint8Array>) {
      total += chunk.byteLength;
      if (total > limit) throw tooLarge(limit);
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof FarameshError) throw error;
    // The client went away mid-body: nothing to decide, nothing stored, not a server error.
    throw new FarameshError("BAD_REQUEST", "The request body was not received completely");
  }
  return chunks.length === 1 && chunks[0] !== undefined ? chunks[0] : Buffer.concat(chunks);
}

function tooLarge(limit: number): FarameshError {
  return new FarameshError("PAYLOAD_TOO_LARGE", `Request body exceeds the limit of ${limit} bytes`);
}
