import { isIP } from "node:net";
import type { ServerConfig } from "./config.js";

/**
 * Where notifications and Slack messages link to: FARAMESH_PUBLIC_URL, or else the address the
 * server listens on — the configured host and port until the socket is bound, then the real
 * address (port 0 picks one).
 */
export class Links {
  readonly #publicUrl: string | null;
  #listening: string;

  constructor(config: Pick<ServerConfig, "publicUrl" | "host" | "port">) {
    this.#publicUrl = config.publicUrl;
    this.#listening = httpUrl(config.host, config.port);
  }

  /** Records the address the server is bound to. */
  listeningOn(host: string, port: number): void {
    this.#listening = httpUrl(host, port);
  }

  /** The dashboard's base URL. */
  get base(): string {
    return this.#publicUrl ?? this.#listening;
  }

  /** An action's page in the dashboard. */
  actionPage(id: string): string {
    return `${this.base}/actions/${encodeURIComponent(id)}`;
  }
}

/** `http://host:port`, an IPv6 host in brackets. */
export function httpUrl(host: string, port: number): string {
  return `http://${isIP(host) === 6 ? `[${host}]` : host}:${port}`;
}
