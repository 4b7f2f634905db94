"use client";

import { useEffect, useRef } from "react";

/** Whether a key press belongs to a text field or an open dialog rather than the page. */
function typing(event: KeyboardEvent): boolean {
  const target = event.target as HTMLElement | null;
  if (target?.closest("input, textarea, select, [contenteditable=true]")) return true;
  return document.querySelector("[role=dialog], [role=alertdialog]") !== null;
}

/** Page-level single-key shortcuts; ignored while typing, with modifiers, or under a dialog. */
export function useKeys(bindings: Record<string, (event: KeyboardEvent) => void>): void {
  const latest = useRef(bindings);
  latest.current = bindings;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || typing(event)) return;
      // Named keys are matched in lower case (`enter`, `arrowdown`); letters as typed.
      const name = event.key.length > 1 ? event.key.toLowerCase() : event.key;
      const handler = latest.current[name];
      if (handler === undefined) return;
      event.preventDefault();
      handler(event);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
}
