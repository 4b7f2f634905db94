import * as v from "valibot";

type Schema = v.GenericSchema;
type Node = Schema & {
  type: string;
  pipe?: readonly [Schema, ...v.PipeItem<unknown, unknown, v.BaseIssue<unknown>>[]];
  entries?: Record<string, Schema>;
  wrapped?: Schema;
  default?: unknown;
  item?: Schema;
  options?: Schema[];
  key?: string;
};

/**
 * The schema with every plain object made strict, however deep: unknown keys fail. Loose
 * objects and records stay open, because the contract leaves them open on purpose (params,
 * reason details, ledger meta).
 */
export function deepStrict(schema: Schema): Schema {
  const node = schema as Node;
  if (node.pipe) {
    const [root, ...actions] = node.pipe;
    // biome-ignore lint/suspicious/noExplicitAny: valibot's pipe overloads are per arity.
    return (v.pipe as any)(deepStrict(root), ...actions);
  }
  switch (node.type) {
    case "object":
    case "strict_object":
      return v.strictObject(
        Object.fromEntries(
          Object.entries(node.entries ?? {}).map(([key, entry]) => [key, deepStrict(entry)]),
        ),
      );
    case "optional":
      return v.optional(deepStrict(node.wrapped as Schema));
    case "nullable":
      return v.nullable(deepStrict(node.wrapped as Schema));
    case "nullish":
      return v.nullish(deepStrict(node.wrapped as Schema));
    case "array":
      return v.array(deepStrict(node.item as Schema));
    case "union":
      return v.union((node.options ?? []).map(deepStrict));
    default:
      return schema;
  }
}

/** Every way `value` breaks the strict form of `schema`, as `path: message` lines. */
export function contractIssues(schema: Schema, value: unknown): string[] {
  const result = v.safeParse(deepStrict(schema), value);
  if (result.success) return [];
  return result.issues.map((issue) => `${v.getDotPath(issue) ?? "(root)"}: ${issue.message}`);
}
