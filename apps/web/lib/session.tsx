"use client";

import { FarameshClient, isFarameshError, type Whoami } from "@faramesh/sdk";
import { createContext, type ReactNode, useCallback, useContext, useEffect, useState } from "react";

const TOKEN_KEY = "faramesh-token";

/** The signed-in caller: a client carrying the token (also on the event stream) and its role. */
export interface Session {
  client: FarameshClient;
  me: Whoami;
  canApprove: boolean;
  isAdmin: boolean;
  signOut(): void;
}

type State =
  | { kind: "loading" }
  | { kind: "login"; error: string | null }
  | { kind: "error"; message: string }
  | { kind: "ready"; session: Session };

const SessionContext = createContext<Session | null>(null);

/** Same-origin client; the token, if any, lives in session storage and dies with the tab. */
function makeClient(token: string | null): FarameshClient {
  return new FarameshClient({
    baseUrl: window.location.origin,
    token: token ?? undefined,
    retries: 1,
    timeoutMs: 15_000,
  });
}

function readToken(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

/** Asks the server who the token is; a 401 means the login screen. */
async function probe(token: string | null): Promise<Session | "login"> {
  const client = makeClient(token);
  try {
    const me = await client.whoami();
    return {
      client,
      me,
      canApprove: me.role === "admin" || me.role === "approver",
      isAdmin: me.role === "admin",
      signOut: () => {},
    };
  } catch (error) {
    if (isFarameshError(error) && error.code === "UNAUTHORIZED") return "login";
    throw error;
  }
}

export function useSessionState() {
  const [state, setState] = useState<State>({ kind: "loading" });

  const signOut = useCallback(() => {
    try {
      sessionStorage.removeItem(TOKEN_KEY);
    } catch {}
    setState({ kind: "login", error: null });
  }, []);

  const start = useCallback(
    async (token: string | null, fromForm: boolean) => {
      try {
        const result = await probe(token);
        if (result === "login") {
          if (token !== null && !fromForm) sessionStorage.removeItem(TOKEN_KEY);
          setState({
            kind: "login",
            error: fromForm ? "The server refused this token (invalid, expired or revoked)." : null,
          });
          return;
        }
        if (token !== null) sessionStorage.setItem(TOKEN_KEY, token);
        setState({ kind: "ready", session: { ...result, signOut } });
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        setState({ kind: "error", message });
      }
    },
    [signOut],
  );

  useEffect(() => {
    void start(readToken(), false);
  }, [start]);

  return {
    state,
    signIn: (token: string) => start(token, true),
    retry: () => start(readToken(), false),
  };
}

export function SessionProvider({ session, children }: { session: Session; children: ReactNode }) {
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (session === null) throw new Error("useSession outside SessionProvider");
  return session;
}
