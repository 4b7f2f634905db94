"use client";

import type { Action } from "@faramesh/sdk";
import { Keyboard } from "lucide-react";
import { useCallback, useEffect, useRef, useState } from "react";
import { DecideDialog, type DecideRequest } from "@/components/decide-dialog";
import { ActionDrawer } from "@/components/drawer/action-drawer";
import { KeysHelp } from "@/components/keys-help";
import { Empty, ErrorState, errorMessage, Loading } from "@/components/states";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Kbd } from "@/components/ui/input";
import { useLive, useLiveEvents } from "@/lib/live";
import { useSession } from "@/lib/session";
import { useKeys } from "@/lib/use-keys";
import { useNow } from "@/lib/use-now";
import { ActionTable } from "./action-table";
import { FilterBar } from "./filters";
import { applyEvent, type Filters, matches, NO_FILTERS, type Row } from "./rows";

const PAGE = 50;
// While events flow, the page is re-read at most this often to fill in params and totals.
const REFRESH_MS = 1_000;

/** The path of an open action, so a reload or a shared link opens it again. */
function actionPath(id: string | null): string {
  return id === null ? "/" : `/actions/${encodeURIComponent(id)}`;
}

export function Inbox({ initialActionId = null }: { initialActionId?: string | null }) {
  const { client, canApprove } = useSession();
  const { pending } = useLive();
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [offset, setOffset] = useState(0);
  const [rows, setRows] = useState<Row[] | null>(null);
  const [total, setTotal] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState(0);
  const [openId, setOpenId] = useState<string | null>(initialActionId);
  const [decide, setDecide] = useState<DecideRequest | null>(null);
  const [help, setHelp] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);
  const now = useNow();
  const generation = useRef(0);
  const refreshTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const load = useCallback(async () => {
    const mine = ++generation.current;
    try {
      const page = await client.listActionsPage({
        limit: PAGE,
        offset,
        status: filters.status || undefined,
        agentId: filters.agentId || undefined,
        tool: filters.tool || undefined,
        riskLevel: filters.risk || undefined,
        q: filters.q || undefined,
      });
      if (mine !== generation.current) return; // a newer request is in flight
      setRows(page.items);
      setTotal(page.total ?? null);
      setError(null);
    } catch (failure) {
      if (mine === generation.current) setError(errorMessage(failure));
    }
  }, [client, filters, offset]);

  useEffect(() => {
    setSelected(0);
    void load();
  }, [load]);

  const scheduleRefresh = useCallback(() => {
    if (refreshTimer.current !== undefined) return;
    refreshTimer.current = setTimeout(() => {
      refreshTimer.current = undefined;
      void load();
    }, REFRESH_MS);
  }, [load]);
  useEffect(() => () => clearTimeout(refreshTimer.current), []);

  useLiveEvents((event) => {
    if (event === "open") return void load();
    const onTop = offset === 0 && matches(filters, event.data);
    setRows((current) => (current === null ? current : applyEvent(current, event, onTop, PAGE)));
    if (event.type === "action.created" && onTop) setTotal((n) => (n === null ? n : n + 1));
    scheduleRefresh();
  });

  // Keep the address bar in step with the drawer (deep links: /actions/<id>).
  const openAction = useCallback((id: string | null) => {
    setOpenId(id);
    if (window.location.pathname !== actionPath(id))
      window.history.pushState(null, "", actionPath(id));
  }, []);
  useEffect(() => {
    const onPop = () => {
      const match = /^\/actions\/([^/]+)$/.exec(window.location.pathname);
      setOpenId(match?.[1] ? decodeURIComponent(match[1]) : null);
    };
    window.addEventListener("popstate", onPop);
    return () => window.removeEventListener("popstate", onPop);
  }, []);

  const current = rows?.[selected];
  const decideOn = useCallback(
    (row: Row | undefined, approve: boolean) => {
      if (row && canApprove && row.status === "pending_approval")
        setDecide({ id: row.id, approve, expiresAt: row.approval_expires_at ?? null });
    },
    [canApprove],
  );
  const openRow = useCallback((row: Row) => openAction(row.id), [openAction]);
  useKeys({
    j: () => setSelected((k) => Math.min(k + 1, (rows?.length ?? 1) - 1)),
    arrowdown: () => setSelected((k) => Math.min(k + 1, (rows?.length ?? 1) - 1)),
    k: () => setSelected((k) => Math.max(k - 1, 0)),
    arrowup: () => setSelected((k) => Math.max(k - 1, 0)),
    enter: () => current && openAction(current.id),
    a: () => decideOn(current, true),
    d: () => decideOn(current, false),
    "/": () => searchRef.current?.focus(),
    "?": () => setHelp(true),
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs each time the selection moves
  useEffect(() => {
    document.querySelector(`[data-selected="true"]`)?.scrollIntoView({ block: "nearest" });
  }, [selected]);

  const onDecided = (action: Action) =>
    setRows(
      (list) => list?.map((row) => (row.id === action.id ? { ...row, ...action } : row)) ?? list,
    );

  return (
    <div className="flex min-w-0 flex-col gap-3">
      <div className="flex flex-wrap items-center gap-2">
        <h1 className="text-lg font-semibold">
          Inbox{" "}
          <Badge tone={pending ? "warning" : "neutral"} data-testid="pending-count">
            {pending ?? "…"} pending
          </Badge>
        </h1>
        {rows?.some((row) => row.context?.demo === true) ? (
          <Badge tone="info" title="Some actions were seeded by FARAMESH_DEMO=1">
            demo data
          </Badge>
        ) : null}
        <Button variant="ghost" size="sm" className="ml-auto" onClick={() => setHelp(true)}>
          <Keyboard /> Keys <Kbd>?</Kbd>
        </Button>
      </div>
      <FilterBar
        filters={filters}
        searchRef={searchRef}
        onChange={(change) => {
          setOffset(0);
          setFilters((current) => ({ ...current, ...change }));
        }}
      />
      {error ? <ErrorState message={`Could not load actions: ${error}`} onRetry={load} /> : null}
      {rows === null && error === null ? <Loading label="Loading actions…" /> : null}
      {rows !== null && rows.length === 0 ? (
        <Empty
          title={
            JSON.stringify(filters) === JSON.stringify(NO_FILTERS)
              ? "No actions yet"
              : "No actions match"
          }
        >
          <p>
            {JSON.stringify(filters) === JSON.stringify(NO_FILTERS)
              ? "When an agent submits a tool call it appears here at once."
              : "Change or clear the filters."}
          </p>
        </Empty>
      ) : null}
      {rows !== null && rows.length > 0 ? (
        <ActionTable
          rows={rows}
          selected={selected}
          now={now}
          canApprove={canApprove}
          onSelect={setSelected}
          onOpen={openRow}
          onDecide={decideOn}
        />
      ) : null}
      {total !== null && rows !== null && rows.length > 0 ? (
        <nav
          aria-label="Pages"
          className="flex items-center justify-end gap-2 text-xs text-muted-foreground"
        >
          <span data-testid="page-range">
            {offset + 1}–{offset + rows.length} of {total.toLocaleString()}
          </span>
          <Button
            variant="outline"
            size="sm"
            disabled={offset === 0}
            onClick={() => setOffset(Math.max(0, offset - PAGE))}
          >
            Previous
          </Button>
          <Button
            variant="outline"
            size="sm"
            disabled={offset + PAGE >= total}
            onClick={() => setOffset(offset + PAGE)}
          >
            Next
          </Button>
        </nav>
      ) : null}
      <ActionDrawer
        id={openId}
        onClose={() => openAction(null)}
        onDecide={(action, approve) =>
          setDecide({ id: action.id, approve, expiresAt: action.approval_expires_at })
        }
      />
      <DecideDialog request={decide} onClose={() => setDecide(null)} onDone={onDecided} />
      <KeysHelp open={help} onOpenChange={setHelp} />
    </div>
  );
}
