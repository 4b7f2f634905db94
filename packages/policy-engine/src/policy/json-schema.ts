import { toJsonSchema } from "@valibot/to-json-schema";
import { PolicySchema } from "./schema.js";

/** The JSON Schema of a policy file, generated from the valibot schema the loader validates with. */
export function policyJsonSchema(): Record<string, unknown> {
  return {
    ...toJsonSchema(PolicySchema, { errorMode: "ignore" }),
    $id: "https://faramesh.dev/schemas/policy.schema.json",
    title: "Faramesh policy",
  };
}
