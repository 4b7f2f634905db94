import type { Action, FarameshClient } from "@faramesh/sdk";
import { ClientCommand } from "../base.js";
import { describeFailure } from "../failure.js";
import { Answers } from "../input/answers.js";
import { safeJson, visible } from "../output/escape.js";
import { bold, dim, risk, shortId, status } from "../output/style.js";
import { timeLeft } from "../render/action.js";
import { explainAction, renderExplained } from "../verbs/explain.js";
import { follow } from "../verbs/follow.js";

const PAGE = 1000;

/** Every pending action, oldest first. */
async function pending(client: FarameshClient): Promise<Action[]> {
  const all: Action[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.listActionsPage({ status: "pending_approval", limit: PAGE, cursor });
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return all.reverse();
}

function card(action: Action, left: number): string {
  const details = action.reason_details;
  const row = (name: string, value: string) => `  ${bold(name.padEnd(10))}${value}`;
  const lines = [
    `${bold("Pending")} ${visible(action.id)}${dim(left > 0 ? `  (${left} more waiting)` : "")}`,
    row("Agent", visible(action.agent_id)),
    row("Tool", `${visible(action.tool)} ${dim("operation")} ${visible(action.operation)}`),
    row(
      "Risk",
      `${risk(action.risk_level)}${typeof details.risk_rule === "string" ? dim(` by ${visible(details.risk_rule)}`) : ""}`,
    ),
    row("Rule", typeof details.rule_id === "string" ? visible(details.rule_id) : dim("none")),
    row("Reason", visible(action.reason)),
    row(
      "Expires",
      action.approval_expires_at === null ? dim("never") : timeLeft(action.approval_expires_at),
    ),
    `  ${bold("Params")}${action.redacted ? dim(" (redacted by the policy)") : ""}`,
    safeJson(action.params)
      .split("\n")
      .map((line) => `    ${line}`)
      .join("\n"),
  ];
  return lines.join("\n");
}

type Verdict = { id: string; decision: "approved" | "denied" | "skipped"; reason?: string };

export default class Review extends ClientCommand {
  static override summary = "Walk the pending actions, oldest first, and approve or deny each.";
  static override description =
    "Shows each pending action's agent, tool, operation, full params (escaped), risk, matched rule, reason and time left, then asks: a approve, d deny (asks for a reason), s skip, e explain, q quit. On a terminal each answer is one key; from a pipe or file each answer is a line, so scripts can drive it. New pending actions are offered as they arrive; when none is left it waits for more until q (or the input ends). --json prints the decisions made as JSON on stdout at the end; everything else goes to stderr.";
  static override examples = [
    "<%= config.bin %> review",
    'printf "a\\nd\\nnot now\\nq\\n" | <%= config.bin %> review --json',
  ];

  async run() {
    const { flags } = await this.parse(Review);
    const client = this.client(flags);
    const out = this.jsonEnabled() ? process.stderr : process.stdout;
    const say = (text: string) => out.write(`${text}\n`);
    const queue: Action[] = [];
    const seen = new Set<string>();
    const add = (actions: Action[]) => {
      for (const action of actions)
        if (!seen.has(action.id)) {
          seen.add(action.id);
          queue.push(action);
          if (current !== undefined)
            say(
              dim(
                `(new: ${visible(shortId(action.id))} ${visible(action.tool)} ${visible(action.operation)} by ${visible(action.agent_id)}, offered after this one)`,
              ),
            );
        }
      arrived?.();
    };
    let arrived: (() => void) | undefined;
    let current: Action | undefined;
    const stop = new AbortController();
    const live = follow(client, { signal: stop.signal }, async (item) => {
      if (item === "open") add(await pending(client));
      else if (item.type === "action.created" && item.data.status === "pending_approval")
        add([await client.getAction(item.data.id)]);
      else if (item.data.status !== "pending_approval") {
        const i = queue.findIndex((a) => a.id === item.data.id);
        if (i >= 0) queue.splice(i, 1);
        if (current?.id === item.data.id)
          say(
            dim(
              `(${visible(shortId(item.data.id))} is now ${item.data.status}, decided elsewhere)`,
            ),
          );
      }
    }).finally(() => arrived?.());
    // Ctrl-C (or the stream ending) answers "quit" to whatever is being asked.
    const ended = live.then(() => undefined);
    const answers = new Answers();
    const verdicts: Verdict[] = [];
    let waiting = false;
    try {
      // Waits for the first look at the pending list (or the stream failing, which ends here).
      await Promise.race([new Promise<void>((resolve) => (arrived = resolve)), live]);
      for (;;) {
        current = queue.shift();
        if (current === undefined) {
          if (!waiting) say(dim("No pending actions left; waiting for new ones (q to quit)."));
          waiting = true;
          const wait = new Promise<void>((resolve) => (arrived = resolve));
          await Promise.race([answers.ready(), wait, ended]);
          if (queue.length > 0) continue;
          const key = await Promise.race([answers.key(), ended]);
          if (key === undefined || key === "q") break;
          continue;
        }
        waiting = false;
        const ask = () => Promise.race([answers.key(), ended]);
        const verdict = await this.decide(client, current, queue.length, { answers, ask, say });
        if (verdict === "quit") break;
        if (verdict !== undefined) verdicts.push(verdict);
      }
    } finally {
      answers.close();
      stop.abort();
      await live.catch(() => undefined);
    }
    const count = (d: Verdict["decision"]) => verdicts.filter((v) => v.decision === d).length;
    say(`Approved ${count("approved")}, denied ${count("denied")}, skipped ${count("skipped")}.`);
    if (this.jsonEnabled()) this.logJson(verdicts);
  }

  /** Shows one action and acts on the answers until it is decided, skipped or the user quits. */
  private async decide(
    client: FarameshClient,
    action: Action,
    left: number,
    io: { answers: Answers; ask: () => Promise<string | undefined>; say: (text: string) => void },
  ): Promise<Verdict | "quit" | undefined> {
    const { answers, ask, say } = io;
    say(`\n${card(action, left)}`);
    for (;;) {
      process.stderr.write(`${bold("[a]pprove [d]eny [s]kip [e]xplain [q]uit")} > `);
      const key = await ask();
      if (key !== undefined && key.length > 0) process.stderr.write(`${visible(key)}\n`);
      if (key === undefined || key === "q") return "quit";
      if (key === "s") return { id: action.id, decision: "skipped" };
      if (key === "e") {
        say(renderExplained(await explainAction(client, action), action));
        continue;
      }
      if (key !== "a" && key !== "d") {
        say(`Unknown answer "${visible(key)}": type a, d, s, e or q.`);
        continue;
      }
      const reason =
        key === "d"
          ? await answers.line("Reason for denying (shown to the agent): ", process.stderr)
          : undefined;
      if (key === "d" && reason === undefined) return "quit";
      try {
        const options = {
          reason: reason === "" ? undefined : reason,
          requestHash: action.request_hash,
        };
        const decided =
          key === "a"
            ? await client.approveAction(action.id, options)
            : await client.denyAction(action.id, options);
        say(
          `${key === "a" ? "Approved" : "Denied"} ${visible(shortId(action.id))}: now ${status(decided.status)}.`,
        );
        return {
          id: action.id,
          decision: key === "a" ? "approved" : "denied",
          reason: options.reason,
        };
      } catch (error) {
        const failure = describeFailure(error, { baseUrl: client.options.baseUrl });
        if (!failure.expected) throw error;
        say(failure.message);
        return undefined;
      }
    }
  }
}
