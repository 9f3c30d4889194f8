// A Redis of our own on a random loopback port, so a test can take it down and bring it back
// without touching the machine's shared Redis on 6379. Nothing is persisted.
import net from "node:net";
import { freePort } from "../../e2e/support/project.js";
import { startProcess, stopProcess, type Started } from "./processes.js";

export interface PrivateRedis {
  url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
}

export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  let server: Started | undefined;
  const start = async () => {
    server = startProcess("redis-server", ["--bind", "127.0.0.1", "--port", String(port), "--save", "", "--appendonly", "no"]).child;
    await waitForPort(port);
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      // SIGKILL: Redis dies as in a crash, with no goodbye to its clients.
      if (server) await stopProcess(server, "SIGKILL");
      server = undefined;
    },
    start,
  };
}

export async function waitForPort(port: number, attempts = 300): Promise<void> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, "127.0.0.1", () => {
        socket.end();
        resolve(true);
      });
      socket.on("error", () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`nothing listens on 127.0.0.1:${port}`);
}
