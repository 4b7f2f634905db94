import type { StoredAction } from "@faramesh/store";
import { describe, expect, it } from "vitest";
import { APPROVE, DENY, messageBlocks } from "./blocks.js";

const NOW = new Date("2026-12-06T00:00:00.000Z");
const action = {
  id: "act_1",
  agent_id: "agent-<!channel>",
  tool: "shell",
  operation: "run",
  params: { cmd: "echo <https://evil.example|click me> & more" },
  risk_level: "high",
  reason: "Needs a person",
  reason_details: { rule_id: "shell" },
  agent_reason: null,
  approval_expires_at: "2026-12-06T00:14:30.000Z",
} as unknown as StoredAction;
const text = (blocks: unknown) => JSON.stringify(blocks);
/** The action ids of the message's buttons. */
const actionIds = (blocks: ReturnType<typeof messageBlocks>) =>
  blocks
    .flatMap((b) => (b.type === "actions" && "elements" in b ? b.elements : []))
    .map((e) => ("action_id" in e ? e.action_id : undefined));

describe("messageBlocks", () => {
  it("shows the time left and the buttons while the decision is open", () => {
    const blocks = messageBlocks(
      action,
      { kind: "pending" },
      "https://f.example/actions/act_1",
      NOW,
    );
    expect(text(blocks)).toContain("14m (until <!date^");
    expect(actionIds(blocks)).toEqual([APPROVE, DENY, "faramesh_open"]);
  });

  it("keeps the buttons while a quorum is incomplete, and says how far it got", () => {
    const state = { kind: "progress", approvals: 1, required: 2, by: "alice" } as const;
    const blocks = messageBlocks(action, state, "https://f.example", NOW);
    expect(text(blocks)).toContain("1 of 2 approvals, last by alice");
    expect(actionIds(blocks)).toEqual([APPROVE, DENY, "faramesh_open"]);
  });

  it("drops the buttons once decided", () => {
    const state = { kind: "denied", by: "bob", note: "not today" } as const;
    const blocks = messageBlocks(action, state, "https://f.example", NOW);
    expect(text(blocks)).toContain("Denied by bob: not today");
    expect(actionIds(blocks)).toEqual(["faramesh_open"]);
  });

  it("shows an agent's text as text: no mentions, no links", () => {
    const shown = text(messageBlocks(action, { kind: "pending" }, "https://f.example", NOW));
    expect(shown).not.toContain("<!channel>");
    expect(shown).not.toContain("<https://evil.example");
    expect(shown).toContain("&lt;!channel&gt;");
    expect(shown).toContain("&amp; more");
  });
});
