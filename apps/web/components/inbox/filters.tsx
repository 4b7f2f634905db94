"use client";

import { ACTION_STATUSES, RISK_LEVELS } from "@faramesh/sdk/schema";
import { Search } from "lucide-react";
import { type RefObject, useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { Input, Kbd, Select } from "@/components/ui/input";
import { statusLabel } from "@/lib/format";
import { type Filters, NO_FILTERS } from "./rows";

/** Text filters apply after a short pause in typing, so each key press is not a request. */
function useDebounced(value: string, apply: (value: string) => void) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  useEffect(() => {
    if (text === value) return;
    const timer = setTimeout(() => apply(text), 250);
    return () => clearTimeout(timer);
  }, [text, value, apply]);
  return [text, setText] as const;
}

export function FilterBar({
  filters,
  onChange,
  searchRef,
}: {
  filters: Filters;
  /** A change to some filters, merged into the current ones (two debounced fields may fire in one render). */
  onChange(change: Partial<Filters>): void;
  searchRef: RefObject<HTMLInputElement | null>;
}) {
  const [q, setQ] = useDebounced(filters.q, (value) => onChange({ q: value }));
  const [agent, setAgent] = useDebounced(filters.agentId, (value) => onChange({ agentId: value }));
  const [tool, setTool] = useDebounced(filters.tool, (value) => onChange({ tool: value }));
  const active = JSON.stringify(filters) !== JSON.stringify(NO_FILTERS);
  return (
    <search className="flex flex-wrap items-center gap-2">
      <div className="relative min-w-48 flex-1">
        <Search
          className="pointer-events-none absolute top-2 left-2 size-4 text-muted-foreground"
          aria-hidden
        />
        <Input
          ref={searchRef}
          aria-label="Search tool, operation, agent and params"
          placeholder="Search…"
          className="w-full pl-7"
          value={q}
          onChange={(event) => setQ(event.target.value)}
        />
        <Kbd className="absolute top-1.5 right-1.5 hidden sm:inline-flex">/</Kbd>
      </div>
      <Select
        aria-label="Status"
        value={filters.status}
        onChange={(event) => onChange({ status: event.target.value as Filters["status"] })}
      >
        <option value="">All statuses</option>
        {ACTION_STATUSES.map((status) => (
          <option key={status} value={status}>
            {statusLabel(status)}
          </option>
        ))}
      </Select>
      <Select
        aria-label="Risk"
        value={filters.risk}
        onChange={(event) => onChange({ risk: event.target.value as Filters["risk"] })}
      >
        <option value="">Any risk</option>
        {RISK_LEVELS.map((risk) => (
          <option key={risk} value={risk}>
            {risk}
          </option>
        ))}
      </Select>
      <Input
        aria-label="Agent"
        placeholder="Agent"
        className="w-32"
        value={agent}
        onChange={(event) => setAgent(event.target.value)}
      />
      <Input
        aria-label="Tool"
        placeholder="Tool"
        className="w-28"
        value={tool}
        onChange={(event) => setTool(event.target.value)}
      />
      {active ? (
        <Button variant="ghost" size="sm" onClick={() => onChange(NO_FILTERS)}>
          Clear
        </Button>
      ) : null}
    </search>
  );
}
