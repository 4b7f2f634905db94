import { connect, createServer, type Socket } from "node:net";

export interface DroppingProxy {
  url: string;
  /** Connections whose answer was thrown away. */
  dropped(): number;
  close(): Promise<void>;
}

/**
 * A loopback TCP proxy in front of `target` that lets the first `drop` connections deliver
 * their request to the server but closes them as soon as the server starts answering, so the
 * client sees its request vanish after the server acted on it.
 */
export async function droppingProxy(target: string, drop: number): Promise<DroppingProxy> {
  const { hostname, port } = new URL(target);
  let dropped = 0;
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(Number(port), hostname);
    sockets.add(client).add(upstream);
    const shouldDrop = dropped < drop;
    if (shouldDrop) dropped++;
    client.pipe(upstream);
    upstream.on("data", (chunk) => {
      if (shouldDrop) {
        client.destroy();
        upstream.destroy();
      } else {
        client.write(chunk);
      }
    });
    upstream.on("end", () => client.end());
    const forget = () => {
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on("error", () => upstream.destroy());
    upstream.on("error", () => client.destroy());
    client.on("close", forget);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const proxyPort = typeof address === "object" && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${proxyPort}`,
    dropped: () => dropped,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
