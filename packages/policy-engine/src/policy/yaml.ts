import { CORE_SCHEMA, load } from "js-yaml";

const NODE_BUDGET = 200_000;
const DEPTH_LIMIT = 64;

/**
 * Loads YAML with the YAML 1.2 core schema (no custom tags, no dates), refusing duplicate keys
 * and documents whose aliases expand beyond a fixed node budget (billion-laughs).
 */
export function loadYaml(
  text: string,
  source: string,
):
  | { ok: true; value: unknown }
  | {
      ok: false;
      errors: string[];
    } {
  let value: unknown;
  try {
    value = load(text, { schema: CORE_SCHEMA, filename: source });
  } catch (error) {
    return { ok: false, errors: [`${source}: invalid YAML: ${(error as Error).message}`] };
  }
  const budget = { nodes: 0 };
  if (!withinBudget(value, 0, budget)) {
    return {
      ok: false,
      errors: [
        `${source}: the document expands beyond ${NODE_BUDGET} nodes or ${DEPTH_LIMIT} levels (aliases?)`,
      ],
    };
  }
  return { ok: true, value };
}

function withinBudget(value: unknown, depth: number, budget: { nodes: number }): boolean {
  if (++budget.nodes > NODE_BUDGET || depth > DEPTH_LIMIT) return false;
  if (typeof value !== "object" || value === null) return true;
  const children = Array.isArray(value) ? value : Object.values(value);
  return children.every((child) => withinBudget(child, depth + 1, budget));
}
