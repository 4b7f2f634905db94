"use client";

import { useEffect, useState } from "react";
import { Loading } from "@/components/states";
import { Inbox } from "./inbox";

/** The inbox with the drawer open on the action named by the address (`/actions/<id>`). */
export function DeepLinkInbox() {
  const [id, setId] = useState<string | null | undefined>(undefined);
  useEffect(() => {
    const match = /^\/actions\/([^/]+)\/?$/.exec(window.location.pathname);
    setId(match?.[1] ? decodeURIComponent(match[1]) : null);
  }, []);
  return id === undefined ? <Loading /> : <Inbox initialActionId={id} />;
}
