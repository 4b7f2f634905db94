/**
 * Compiles a name condition (`tool`, `op`, `agent_id`): an exact string, `"*"`, a trailing
 * glob (`github.*`) or a list of these. Returns the predicate, or a message for a `*` that is
 * not trailing.
 */
export function compileNames(
  spec: string | readonly string[],
): ((name: string) => boolean) | string {
  const alternatives = typeof spec === "string" ? [spec] : spec;
  const exact = new Set<string>();
  const prefixes: string[] = [];
  for (const alternative of alternatives) {
    const star = alternative.indexOf("*");
    if (star === -1) exact.add(alternative);
    else if (star !== alternative.length - 1)
      return `"${alternative}": "*" is only allowed at the end`;
    else if (alternative === "*") return () => true;
    else prefixes.push(alternative.slice(0, -1));
  }
  if (prefixes.length === 0) {
    if (exact.size === 1) {
      const only = alternatives[0];
      return (name) => name === only;
    }
    return (name) => exact.has(name);
  }
  return (name) => exact.has(name) || prefixes.some((prefix) => name.startsWith(prefix));
}

/** The exact tool names a `tool` condition can match, or null when it has a wildcard or glob. */
export function exactNames(spec: string | readonly string[] | undefined): string[] | null {
  if (spec === undefined) return null;
  const alternatives = typeof spec === "string" ? [spec] : [...spec];
  return alternatives.some((alternative) => alternative.includes("*")) ? null : alternatives;
}
