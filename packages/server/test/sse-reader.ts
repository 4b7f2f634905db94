/** Reads SSE frames from a response body (test helper; the SDK uses eventsource-parser). */
export class FrameReader {
  readonly #reader: ReadableStreamDefaultReader<Uint8Array>;
  readonly #decoder = new TextDecoder();
  #buffer = "";

  constructor(response: Response) {
    if (response.body === null) throw new Error("no body");
    this.#reader = response.body.getReader();
  }

  /**
   * The next frame with a `data:` line (its `event:` line, if the stream was opened with
   * `?named=1`), or null when the stream ends or `timeoutMs` passes. The default only bounds a
   * frame that never comes; pass a short time to check for none.
   */
  async next(timeoutMs = 30_000): Promise<{
    id: number;
    event: string | undefined;
    data: { type: string; data: Record<string, string> };
  } | null> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const end = this.#buffer.indexOf("\n\n");
      if (end !== -1) {
        const block = this.#buffer.slice(0, end);
        this.#buffer = this.#buffer.slice(end + 2);
        const fields = Object.fromEntries(
          block
            .split("\n")
            .filter((l) => !l.startsWith(":"))
            .map((l) => [l.slice(0, l.indexOf(":")), l.slice(l.indexOf(":") + 2)]),
        );
        if (fields.data === undefined) continue;
        return {
          id: Number(fields.id),
          event: fields.event,
          data: JSON.parse(fields.data),
        };
      }
      const left = deadline - Date.now();
      if (left <= 0) return null;
      const chunk = await Promise.race([
        this.#reader.read(),
        new Promise<null>((r) => setTimeout(() => r(null), left)),
      ]);
      if (chunk === null) return null;
      if (chunk.done) return null;
      this.#buffer += this.#decoder.decode(chunk.value, { stream: true });
    }
  }

  async cancel(): Promise<void> {
    await this.#reader.cancel();
  }
}
