"use client";

import { isFarameshError, type PolicyPlan } from "@faramesh/sdk";
import { FlaskConical } from "lucide-react";
import { useState } from "react";
import { errorMessage } from "@/components/states";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardTitle } from "@/components/ui/card";
import { Input, Label, Textarea } from "@/components/ui/input";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";
import { absolute } from "@/lib/format";
import { useSession } from "@/lib/session";
import { Visible } from "@/lib/visible";

const TONE: Record<string, BadgeTone> = {
  allow: "success",
  deny: "danger",
  require_approval: "warning",
};

function Decision({ value }: { value: string }) {
  return <Badge tone={TONE[value] ?? "neutral"}>{value.replace("_", " ")}</Badge>;
}

/**
 * A pasted candidate policy re-decides the recent actions on the server (`POST /v1/policy/plan`);
 * nothing is stored or changed. Shows which decisions would change, newly allowed ones first.
 */
export function DryRun() {
  const { client } = useSession();
  const [yaml, setYaml] = useState("");
  const [last, setLast] = useState("1000");
  const [plan, setPlan] = useState<PolicyPlan | null>(null);
  const [problems, setProblems] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  const run = async () => {
    setBusy(true);
    setProblems([]);
    try {
      setPlan(await client.planPolicy({ policy: yaml, last: Number(last) }));
    } catch (failure) {
      setPlan(null);
      const listed = isFarameshError(failure)
        ? failure.errors.map((e) => `${e.path}: ${e.message}`)
        : [];
      setProblems(listed.length > 0 ? listed : [errorMessage(failure)]);
    } finally {
      setBusy(false);
    }
  };

  const changes = plan
    ? [...plan.changes].sort(
        (a, b) => Number(b.after.decision === "allow") - Number(a.after.decision === "allow"),
      )
    : [];
  return (
    <Card>
      <CardTitle>Dry run a candidate policy</CardTitle>
      <p className="mb-2 text-muted-foreground">
        Paste a policy file; the server re-decides the most recent actions with it and lists every
        decision that would change. Nothing is stored or reloaded.
      </p>
      <div className="grid gap-2">
        <Label htmlFor="candidate">Candidate policy (YAML)</Label>
        <Textarea
          id="candidate"
          className="min-h-40 font-mono text-xs"
          spellCheck={false}
          value={yaml}
          onChange={(e) => setYaml(e.target.value)}
        />
        <div className="flex flex-wrap items-end gap-2">
          <div className="grid gap-1">
            <Label htmlFor="plan-last">Recent actions to re-decide</Label>
            <Input
              id="plan-last"
              type="number"
              min={1}
              max={10000}
              className="w-28"
              value={last}
              onChange={(e) => setLast(e.target.value)}
            />
          </div>
          <Button onClick={run} disabled={busy || yaml.trim() === ""}>
            <FlaskConical /> {busy ? "Re-deciding…" : "Dry run"}
          </Button>
        </div>
      </div>
      {problems.length > 0 ? (
        <ul
          role="alert"
          className="mt-2 list-disc rounded-md border border-danger/40 bg-danger-bg p-2 pl-6 text-danger"
        >
          {problems.map((line) => (
            <li key={line}>
              <Visible text={line} />
            </li>
          ))}
        </ul>
      ) : null}
      {plan ? (
        <div className="mt-3 grid gap-2" data-testid="plan-result">
          <p>
            {plan.checked.toLocaleString()} actions re-decided with{" "}
            <Visible text={plan.policy.version} />: <strong>{plan.changed.toLocaleString()}</strong>{" "}
            would change
            {plan.newly_allowed > 0 ? (
              <>
                , <strong className="text-danger">{plan.newly_allowed} newly allowed</strong>
              </>
            ) : null}
            .
          </p>
          {plan.counts.length > 0 ? (
            <ul className="flex flex-wrap gap-2">
              {plan.counts.map((c) => (
                <li key={`${c.from}-${c.to}`} className="flex items-center gap-1">
                  <Decision value={c.from} /> → <Decision value={c.to} /> {c.count}
                </li>
              ))}
            </ul>
          ) : null}
          {changes.length > 0 ? (
            <Table aria-label="Decisions that would change">
              <TableHeader>
                <TableRow>
                  <TableHead>Call</TableHead>
                  <TableHead>Now</TableHead>
                  <TableHead>With the candidate</TableHead>
                  <TableHead className="hidden sm:table-cell">When</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {changes.map((change) => (
                  <TableRow key={change.id}>
                    <TableCell className="max-w-64 truncate font-mono text-xs">
                      <Visible text={change.agent_id} /> · <Visible text={change.tool} />.
                      <Visible text={change.operation} />
                    </TableCell>
                    <TableCell>
                      <Decision value={change.before.decision} />
                    </TableCell>
                    <TableCell>
                      <Decision value={change.after.decision} />{" "}
                      <span className="text-xs text-muted-foreground">
                        <Visible text={change.after.rule_id ?? change.after.reason_code} />
                      </span>
                    </TableCell>
                    <TableCell className="hidden text-xs sm:table-cell">
                      {absolute(change.created_at)}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          ) : null}
        </div>
      ) : null}
    </Card>
  );
}
