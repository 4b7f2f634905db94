import { CORE_SCHEMA, load } from "js-yaml";

/** A policy problem and the 1-based line of the rule or risk rule it names, when it names one. */
export interface LocatedProblem {
  message: string;
  line: number | null;
}

const LABEL = /^(Rule|Risk rule) #(\d+) \(/;

/**
 * Adds line numbers to the problems `parsePolicy`/`loadPolicyFile` listed for `yamlText`: each
 * `Rule #n (…)` or `Risk rule #n (…)` problem gets the line where that list item starts. Other
 * problems (YAML syntax errors already say where) get `null`.
 *
 * @example
 * const loaded = parsePolicy(text);
 * if (!loaded.ok) for (const p of locateProblems(text, loaded.errors)) console.log(p.line, p.message);
 */
export function locateProblems(yamlText: string, errors: readonly string[]): LocatedProblem[] {
  const lines = itemLines(yamlText);
  return errors.map((message) => {
    const match = LABEL.exec(message);
    const list = match?.[1] === "Rule" ? lines.rules : lines.risk;
    const line = match === null ? undefined : list[Number(match[2]) - 1];
    return { message, line: line ?? null };
  });
}

/** The first line of each item of `rules` and `risk.rules`, from js-yaml's node events. */
function itemLines(yamlText: string): {
  rules: (number | undefined)[];
  risk: (number | undefined)[];
} {
  const opened: number[] = [];
  const startLine = new Map<unknown, number>();
  let document: unknown;
  try {
    document = load(yamlText, {
      schema: CORE_SCHEMA,
      listener(event, state) {
        if (event === "open") opened.push(state.line + 1);
        else {
          const line = opened.pop();
          const node = state.result;
          if (
            typeof node === "object" &&
            node !== null &&
            !startLine.has(node) &&
            line !== undefined
          )
            startLine.set(node, line);
        }
      },
    });
  } catch {
    return { rules: [], risk: [] };
  }
  const linesOf = (list: unknown) =>
    Array.isArray(list) ? list.map((item) => startLine.get(item)) : [];
  const root = (typeof document === "object" && document !== null ? document : {}) as {
    rules?: unknown;
    risk?: { rules?: unknown } | null;
  };
  return { rules: linesOf(root.rules), risk: linesOf(root.risk?.rules) };
}
