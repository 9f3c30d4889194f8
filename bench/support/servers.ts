// Starts each benchmarked server in its own process group on a free port and waits until it
// answers; stop() ends the whole group (npm does not pass SIGTERM on to its script).
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { freePort, waitForServer } from "../../test/e2e/support/project.js";

export interface Server {
  name: string;
  url: string;
  /** The process group leader: /proc usage is summed over its tree. */
  pid: number;
  stop(): Promise<void>;
}

export interface ServerSpec {
  name: string;
  command: string;
  args: string[];
  cwd: string;
  env: Record<string, string | undefined>;
  /** A path that answers 200 once the server is ready. */
  readyPath: string;
}

export async function startServer(spec: ServerSpec): Promise<Server> {
  const port = await freePort();
  const child: ChildProcess = spawn(spec.command, spec.args, {
    cwd: spec.cwd,
    env: { ...process.env, ...spec.env, PORT: String(port) },
    stdio: ["ignore", "ignore", "pipe"],
    detached: true,
  });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  const exited = once(child, "exit").then(([code]) => {
    throw new Error(`${spec.name} exited with ${String(code)} before answering:\n${stderr}`);
  });
  await Promise.race([waitForServer(`${url}${spec.readyPath}`, 600), exited]);
  exited.catch(() => undefined);
  return {
    name: spec.name,
    url,
    pid: child.pid!,
    async stop() {
      if (child.exitCode !== null) return;
      const gone = once(child, "exit");
      process.kill(-child.pid!, "SIGTERM");
      await gone;
    },
  };
}
