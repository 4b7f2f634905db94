import { createInterface } from "node:readline";

/**
 * What a person types, one answer at a time: on a terminal each key is an answer (raw mode) and
 * a reason is a line; elsewhere (a pipe, a file, a test) every answer is a line, so scripts can
 * drive an interactive command. `undefined` means the input ended (or Ctrl-C on a terminal).
 */
export class Answers {
  private readonly queue: string[] = [];
  private ended = false;
  private wake: (() => void) | undefined;
  private readonly tty: boolean;
  private readonly onData = (chunk: Buffer) => {
    for (const key of chunk.toString())
      this.push(key === "\u0003" || key === "\u0004" ? null : key);
  };
  private readonly lines: ReturnType<typeof createInterface> | undefined;

  constructor(private readonly input: NodeJS.ReadStream = process.stdin) {
    this.tty = input.isTTY === true && typeof input.setRawMode === "function";
    if (this.tty) {
      this.lines = undefined;
      this.raw(true);
    } else {
      this.lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
      this.lines.on("line", (line) => this.push(line));
      this.lines.on("close", () => this.push(null));
    }
  }

  private raw(on: boolean): void {
    this.input.setRawMode(on);
    if (on) {
      this.input.on("data", this.onData);
      this.input.resume();
    } else {
      this.input.off("data", this.onData);
      this.input.pause();
    }
  }

  private push(answer: string | null): void {
    if (answer === null) this.ended = true;
    else this.queue.push(answer);
    this.wake?.();
  }

  /** Resolves once an answer is waiting or the input ended. */
  ready(): Promise<void> {
    if (this.queue.length > 0 || this.ended) return Promise.resolve();
    return new Promise((resolve) => {
      this.wake = () => {
        this.wake = undefined;
        resolve();
      };
    });
  }

  /** The next key (a line off a terminal); undefined once the input ended. */
  async key(): Promise<string | undefined> {
    await this.ready();
    return this.queue.shift();
  }

  /** A line of text: on a terminal, typed with echo and editing; elsewhere the next line. */
  async line(prompt: string, output: NodeJS.WritableStream): Promise<string | undefined> {
    if (!this.tty) {
      output.write(prompt);
      return this.key();
    }
    this.raw(false);
    const rl = createInterface({ input: this.input, output, terminal: true });
    try {
      return await new Promise<string | undefined>((resolve) => {
        rl.question(prompt, resolve);
        rl.once("SIGINT", () => resolve(undefined));
      });
    } finally {
      rl.close();
      this.raw(true);
    }
  }

  close(): void {
    if (this.tty) this.raw(false);
    else this.lines?.close();
    this.input.pause();
  }
}
