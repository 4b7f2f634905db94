/** Structured JSON logs, one line per record; never params values or tokens. */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 } as const;

export function createLogger(
  level: keyof typeof LEVELS = "info",
  write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Logger {
  const threshold = LEVELS[level];
  const log =
    (at: Exclude<keyof typeof LEVELS, "silent">) =>
    (message: string, fields: Record<string, unknown> = {}) => {
      if (LEVELS[at] < threshold) return;
      write(JSON.stringify({ time: new Date().toISOString(), level: at, msg: message, ...fields }));
    };
  return { debug: log("debug"), info: log("info"), warn: log("warn"), error: log("error") };
}

export const silentLogger: Logger = createLogger("silent");
