"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";

/** Revoking takes a second click on the same button, which says what it will do. */
export function RevokeButton({ name, onConfirm }: { name: string; onConfirm(): Promise<void> }) {
  const [armed, setArmed] = useState(false);
  return (
    <Button
      variant="deny"
      size="sm"
      aria-label={armed ? `Confirm: revoke ${name} now` : `Revoke ${name}`}
      onBlur={() => setArmed(false)}
      onClick={async () => {
        if (!armed) return setArmed(true);
        setArmed(false);
        await onConfirm();
      }}
    >
      {armed ? "Confirm revoke" : "Revoke"}
    </Button>
  );
}
