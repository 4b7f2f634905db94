"use client";

import type { Action } from "@faramesh/sdk";
import { Input, Label, Select, Textarea } from "@/components/ui/input";
import type { ApproveChoices } from "@/lib/decide";
import { editableText, REMEMBER_TTLS } from "@/lib/edit-params";
import { Visible } from "@/lib/visible";

/** Edit the call before approving it, and remember the approval as a standing grant. */
export function ApproveOptions({
  action,
  value,
  onChange,
}: {
  action: Action;
  value: ApproveChoices;
  onChange(next: ApproveChoices): void;
}) {
  const original = editableText(action.params);
  const remember = value.remember;
  return (
    <div className="grid gap-2 rounded-md border p-2">
      <label className="flex items-center gap-2">
        <input
          type="checkbox"
          checked={value.editText !== null}
          disabled={original === null}
          onChange={(event) =>
            onChange({ ...value, editText: event.target.checked ? original : null })
          }
        />
        Edit the params before approving
      </label>
      {original === null ? (
        <p className="text-xs text-muted-foreground">
          These params hold an integer beyond 2^53: edit them with{" "}
          <code className="font-mono">faramesh approve --params-file</code>.
        </p>
      ) : null}
      {value.editText !== null ? (
        <>
          <Label htmlFor="edit-params">
            Edited params (JSON). The policy decides the edited call again; the agent runs it as
            edited.
          </Label>
          <Textarea
            id="edit-params"
            className="min-h-32 font-mono text-xs"
            spellCheck={false}
            value={value.editText}
            onChange={(event) => onChange({ ...value, editText: event.target.value })}
          />
        </>
      ) : null}
      <label className="flex items-center gap-2">
        <input
          type="checkbox"
          checked={remember !== null}
          onChange={(event) =>
            onChange({
              ...value,
              remember: event.target.checked ? { scope: "exact", ttl: "1d", maxUses: "" } : null,
            })
          }
        />
        Don't ask again: remember this approval
      </label>
      {remember !== null ? (
        <div className="grid gap-2 pl-6">
          <fieldset className="grid gap-1">
            <legend className="sr-only">What the grant covers</legend>
            {(["exact", "tool"] as const).map((scope) => (
              <label key={scope} className="flex items-start gap-2">
                <input
                  type="radio"
                  name="remember-scope"
                  value={scope}
                  checked={remember.scope === scope}
                  onChange={() => onChange({ ...value, remember: { ...remember, scope } })}
                />
                <span>
                  {scope === "exact" ? (
                    "This exact call (same params)"
                  ) : (
                    <>
                      Any params: <Visible text={`${action.tool}.${action.operation}`} /> by{" "}
                      <Visible text={action.agent_id} />
                    </>
                  )}
                </span>
              </label>
            ))}
          </fieldset>
          <div className="flex flex-wrap items-end gap-2">
            <div className="grid gap-1">
              <Label htmlFor="remember-ttl">For</Label>
              <Select
                id="remember-ttl"
                value={remember.ttl}
                onChange={(event) =>
                  onChange({ ...value, remember: { ...remember, ttl: event.target.value } })
                }
              >
                {REMEMBER_TTLS.map((ttl) => (
                  <option key={ttl.value} value={ttl.value}>
                    {ttl.label}
                  </option>
                ))}
              </Select>
            </div>
            <div className="grid gap-1">
              <Label htmlFor="remember-uses">At most (uses; empty: no limit)</Label>
              <Input
                id="remember-uses"
                className="w-24"
                inputMode="numeric"
                value={remember.maxUses}
                onChange={(event) =>
                  onChange({ ...value, remember: { ...remember, maxUses: event.target.value } })
                }
              />
            </div>
          </div>
          <p className="text-xs text-muted-foreground">
            Later calls the policy would send to approval are allowed while the grant lasts; deny
            rules still win. Revoke it any time under Grants.
          </p>
        </div>
      ) : null}
    </div>
  );
}
