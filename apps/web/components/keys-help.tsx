"use client";

import { Dialog, DialogContent, DialogDescription, DialogTitle } from "@/components/ui/dialog";
import { Kbd } from "@/components/ui/input";

const KEYS: [string, string][] = [
  ["j / ↓", "next action"],
  ["k / ↑", "previous action"],
  ["enter", "open the selected action"],
  ["a", "approve the selected action"],
  ["d", "deny the selected action"],
  ["/", "search"],
  ["esc", "close the drawer or dialog"],
  ["?", "this help"],
];

export function KeysHelp({
  open,
  onOpenChange,
}: {
  open: boolean;
  onOpenChange(open: boolean): void;
}) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="max-w-sm">
        <DialogTitle className="text-base font-semibold">Keyboard shortcuts</DialogTitle>
        <DialogDescription className="text-muted-foreground">
          In the inbox, when no field has focus.
        </DialogDescription>
        <dl className="grid grid-cols-[auto_1fr] items-center gap-x-3 gap-y-1.5">
          {KEYS.map(([key, what]) => (
            <div key={key} className="contents">
              <dt>
                <Kbd>{key}</Kbd>
              </dt>
              <dd>{what}</dd>
            </div>
          ))}
        </dl>
      </DialogContent>
    </Dialog>
  );
}
