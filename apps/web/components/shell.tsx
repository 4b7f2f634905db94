"use client";

import { LogOut } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { type ReactNode, useEffect } from "react";
import { Login } from "@/components/login";
import { ErrorState, Loading } from "@/components/states";
import { ThemeToggle } from "@/components/theme-toggle";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { cn } from "@/lib/cn";
import { type Connection, LiveProvider, useLive } from "@/lib/live";
import { SessionProvider, useSession, useSessionState } from "@/lib/session";

const LINKS = [
  { href: "/", label: "Inbox" },
  { href: "/overview", label: "Overview" },
  { href: "/insights", label: "Insights" },
  { href: "/policy", label: "Policy" },
  { href: "/grants", label: "Grants" },
  { href: "/ledger", label: "Ledger" },
  { href: "/notifications", label: "Notifications", admin: true },
  { href: "/tokens", label: "Tokens", admin: true },
];

const CONNECTION: Record<Connection, { label: string; dot: string }> = {
  connecting: { label: "Connecting", dot: "bg-warning" },
  live: { label: "Live", dot: "bg-success" },
  reconnecting: { label: "Reconnecting…", dot: "bg-danger animate-pulse" },
};

function ConnectionIndicator() {
  const { connection } = useLive();
  const { label, dot } = CONNECTION[connection];
  return (
    <span
      role="status"
      data-connection={connection}
      className="inline-flex items-center gap-1.5 text-xs text-muted-foreground"
    >
      <span className={cn("size-2 rounded-full", dot)} aria-hidden />
      {label}
    </span>
  );
}

function Nav() {
  const pathname = usePathname();
  const { isAdmin, me, signOut } = useSession();
  const { pending } = useLive();
  // biome-ignore lint/correctness/useExhaustiveDependencies: after every navigation too, which sets its own title
  useEffect(() => {
    // The page title is the tab's pending counter.
    document.title = pending ? `(${pending}) Faramesh` : "Faramesh";
  }, [pending, pathname]);
  const current = (href: string) =>
    href === "/" ? pathname === "/" || pathname.startsWith("/actions") : pathname.startsWith(href);
  return (
    <header className="sticky top-0 z-30 border-b bg-background/95 backdrop-blur">
      <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2">
        <Link href="/" className="font-semibold">
          Faramesh
        </Link>
        <nav
          aria-label="Main"
          className="order-last flex w-full gap-1 overflow-x-auto sm:order-none sm:w-auto"
        >
          {LINKS.filter((link) => !link.admin || isAdmin).map((link) => (
            <Link
              key={link.href}
              href={link.href}
              aria-current={current(link.href) ? "page" : undefined}
              className={cn(
                "rounded-md px-2 py-1 text-sm text-muted-foreground hover:bg-accent hover:text-foreground",
                current(link.href) && "bg-accent font-medium text-foreground",
              )}
            >
              {link.label}
              {link.href === "/" && pending ? (
                <span className="ml-1 rounded-full bg-warning-bg px-1.5 text-xs text-warning">
                  {pending}
                  <span className="sr-only"> pending</span>
                </span>
              ) : null}
            </Link>
          ))}
        </nav>
        <div className="ml-auto flex items-center gap-2">
          <ConnectionIndicator />
          <Badge
            tone="info"
            title={me.open_mode ? "Open local mode: no token needed" : `Signed in as ${me.name}`}
          >
            {me.open_mode ? "open mode" : me.role}
          </Badge>
          <ThemeToggle />
          {me.open_mode ? null : (
            <Button
              variant="ghost"
              size="icon"
              aria-label="Sign out"
              title="Sign out"
              onClick={signOut}
            >
              <LogOut />
            </Button>
          )}
        </div>
      </div>
    </header>
  );
}

/** The app frame: session (login when needed), the live stream, navigation. */
export function Shell({ children }: { children: ReactNode }) {
  const { state, signIn, retry } = useSessionState();
  if (state.kind === "loading") return <Loading label="Connecting to Faramesh…" />;
  if (state.kind === "login") return <Login error={state.error} onSubmit={signIn} />;
  if (state.kind === "error")
    return (
      <main className="mx-auto max-w-lg p-6">
        <ErrorState message={`Cannot reach the Faramesh API: ${state.message}`} onRetry={retry} />
      </main>
    );
  return (
    <SessionProvider session={state.session}>
      <LiveProvider>
        <Nav />
        <main className="mx-auto max-w-7xl px-3 py-3">{children}</main>
      </LiveProvider>
    </SessionProvider>
  );
}
