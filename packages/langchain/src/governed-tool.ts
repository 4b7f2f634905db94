import type { ActionCall, FarameshClient, GovernedRun } from "@faramesh/sdk";
import { isFarameshError } from "@faramesh/sdk";
import type { CallbackManagerForToolRun } from "@langchain/core/callbacks/manager";
import { isBaseMessage, ToolMessage } from "@langchain/core/messages";
import type { ToolCall } from "@langchain/core/messages/tool";
import {
  StructuredTool,
  type StructuredToolCallInput,
  type StructuredToolInterface,
  type ToolRunnableConfig,
} from "@langchain/core/tools";
import { deniedMessage } from "./denial.js";

/** Options of {@link GovernedTool} (and, without `tool`, of {@link governTools}). */
export interface GovernedToolOptions {
  /** The tool to put behind the gate: a `StructuredTool`, a `tool()` function, any LangChain tool. */
  tool: StructuredToolInterface;
  /** The Faramesh client that submits, waits, starts and reports. */
  client: FarameshClient;
  /** The agent id of the submissions (default: the client's). */
  agentId?: string;
  /** The `operation` of the submissions (default `"invoke"`). */
  operation?: string;
  /** How long to wait for a human before failing closed (default: the SDK's 300 000 ms). */
  approvalTimeoutMs?: number;
  /** Poll interval while waiting without the event stream. */
  pollIntervalMs?: number;
  /**
   * What the model gets when the call is denied or its approval expires: `"message"` (default)
   * returns `Action denied by policy (<reason_code>): <reason>` as the tool's output so the
   * model can adapt; `"throw"` throws the SDK's typed error instead.
   */
  onDenied?: "message" | "throw";
  /** Extra `context` sent with every submission (never used to match rules). */
  context?: Record<string, unknown>;
  /**
   * Run a person's edit of the input when an approver changed it (default true): the wrapped
   * tool gets the approved input. With false, an edited approval fails closed
   * (`APPROVAL_EDITED`, thrown) and the tool does not run.
   */
  acceptEdits?: boolean;
}

/**
 * A LangChain tool that runs the wrapped tool only when Faramesh allows it: same name,
 * description and input schema; each call is submitted as `{tool: <name>, operation, params:
 * <the structured input>}`, waits for approval when the policy asks for one, claims the
 * execution grant, runs the tool, and reports the result (or the error, which is re-thrown).
 *
 * @example
 * const shell = new GovernedTool({ tool: shellTool, client: new FarameshClient({ agentId: "ops-bot" }) });
 * const agent = createReactAgent({ llm, tools: [shell] });
 */
export class GovernedTool extends StructuredTool {
  name: string;
  description: string;
  schema: StructuredToolInterface["schema"];
  readonly tool: StructuredToolInterface;
  private readonly settings: Omit<GovernedToolOptions, "tool">;

  constructor(options: GovernedToolOptions) {
    super();
    this.tool = options.tool;
    this.name = options.tool.name;
    this.description = options.tool.description;
    this.schema = options.tool.schema;
    this.returnDirect = options.tool.returnDirect;
    const { tool: _wrapped, ...settings } = options;
    this.settings = settings;
  }

  override invoke<
    TInput extends StructuredToolCallInput,
    TConfig extends ToolRunnableConfig | undefined,
  >(input: TInput, config?: TConfig) {
    // LangChain's string tools take a bare string, which their schema reads as `{input}`.
    const normalized = (typeof input === "string" ? { input } : input) as TInput;
    // The input before this tool's schema parses it: the wrapped tool gets it as it came and
    // parses it once itself. Given the parsed value instead, it would parse it a second time,
    // and a transform (dollars to cents) would run on what was already approved.
    const raw = isToolCall(normalized) ? normalized.args : normalized;
    const withRaw: ToolRunnableConfig = {
      ...config,
      configurable: { ...config?.configurable, [RAW_INPUT]: raw },
    };
    // safe: the caller's config with one more configurable entry, which _call removes again
    return super.invoke(normalized, withRaw as TConfig);
  }

  protected async _call(
    input: unknown,
    runManager?: CallbackManagerForToolRun,
    config?: ToolRunnableConfig,
  ): Promise<unknown> {
    const toolCall = config?.toolCall;
    const call: ActionCall = {
      tool: this.name,
      operation: this.settings.operation ?? "invoke",
      params: toParams(input),
      context: {
        source: "langchain",
        ...this.settings.context,
        ...(toolCall?.id === undefined ? {} : { tool_call_id: toolCall.id }),
      },
      ...(this.settings.agentId === undefined ? {} : { agentId: this.settings.agentId }),
    };
    // The wrapped tool runs as a child of this run, with the same tool call, so its own output
    // format (content, artifact, ToolMessage) reaches the agent unchanged. It gets the input as
    // it came (see invoke), which its own parse turns into exactly what was submitted.
    const { [RAW_INPUT]: raw = input, ...configurable }: Record<string | symbol, unknown> =
      config?.configurable ?? {};
    const childConfig: ToolRunnableConfig = {
      ...config,
      configurable,
      callbacks: runManager?.getChild(),
    };
    const run = (_action: unknown, { params, edited }: GovernedRun) => {
      // An approver's edit replaces the input: the wrapped tool runs what was approved.
      const args = edited ? fromParams(params, input) : raw;
      return toolCall === undefined
        ? this.tool.invoke(args as never, childConfig)
        : this.tool.invoke({ ...toolCall, args } as ToolCall as never, childConfig);
    };
    try {
      return await this.settings.client.govern(call, run, {
        ...(this.settings.approvalTimeoutMs === undefined
          ? {}
          : { approvalTimeoutMs: this.settings.approvalTimeoutMs }),
        ...(this.settings.pollIntervalMs === undefined
          ? {}
          : { pollIntervalMs: this.settings.pollIntervalMs }),
        ...(config?.signal === undefined ? {} : { signal: config.signal }),
        serializeResult: reportable,
        acceptEdits: this.settings.acceptEdits ?? true,
      });
    } catch (error) {
      if (
        this.settings.onDenied === "throw" ||
        !(isFarameshError(error, "DENIED") || isFarameshError(error, "APPROVAL_TIMEOUT"))
      ) {
        throw error;
      }
      const content = deniedMessage(error);
      if (toolCall?.id === undefined) return content;
      return new ToolMessage({
        content,
        tool_call_id: toolCall.id,
        name: this.name,
        status: "error",
      });
    }
  }
}

const RAW_INPUT = Symbol("faramesh.rawInput");

function isToolCall(input: unknown): input is ToolCall {
  return (
    typeof input === "object" &&
    input !== null &&
    "args" in input &&
    (input as { type?: unknown }).type === "tool_call"
  );
}

/** Tool input as Faramesh params: a structured input as is, a string tool's input under `input`. */
function toParams(input: unknown): Record<string, unknown> {
  if (typeof input === "object" && input !== null && !Array.isArray(input))
    return input as Record<string, unknown>;
  return { input };
}

/** Approved params as the tool's input again: a string tool's `{input}` back to its string. */
function fromParams(params: Record<string, unknown>, input: unknown): unknown {
  const wasString = typeof input !== "object" || input === null || Array.isArray(input);
  return wasString && "input" in params ? params.input : params;
}

/** The result recorded in the ledger: a message's content (and artifact), anything else as is. */
function reportable(value: unknown): unknown {
  if (isBaseMessage(value)) {
    const artifact = (value as { artifact?: unknown }).artifact;
    return artifact === undefined
      ? { content: value.content }
      : { content: value.content, artifact };
  }
  return value ?? null;
}
