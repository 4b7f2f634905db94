import { AIMessage } from "@langchain/core/messages";
import { fakeModel } from "@langchain/core/testing";

/**
 * A scripted chat model (from @langchain/core's testing utilities) that asks for four tool
 * calls, so the example runs without an API key: two the policy settles, two a human does.
 */
export function scriptedModel(baseUrl: string) {
  return fakeModel()
    .respondWithTools([
      {
        name: "http_request",
        args: { method: "GET", url: `${baseUrl}/health` },
        id: "call_health",
      },
      {
        name: "http_request",
        args: { method: "POST", url: "https://example.com/webhook", body: "hi" },
        id: "call_post",
      },
    ])
    .respondWithTools([
      {
        name: "shell",
        args: { program: "echo", args: ["hello from a governed tool"] },
        id: "call_echo",
      },
    ])
    .respondWithTools([
      { name: "shell", args: { program: "rm", args: ["-rf", "/tmp/important"] }, id: "call_rm" },
    ])
    .respond(
      new AIMessage(
        "Done: the server is healthy, the webhook was refused, echo ran and rm was denied.",
      ),
    );
}

/** A real model, when asked for with --real and a key is present. */
export async function realModel() {
  if (!process.env.OPENAI_API_KEY) {
    throw new Error(
      "--real needs OPENAI_API_KEY (and optionally OPENAI_MODEL); without it the scripted model runs",
    );
  }
  const { ChatOpenAI } = await import("@langchain/openai");
  return new ChatOpenAI({ model: process.env.OPENAI_MODEL ?? "gpt-4o-mini", temperature: 0 });
}
