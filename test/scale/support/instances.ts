// App instances of the installed project, each started with `npm start` as in production, in its
// own process group (npm, its shell and node), so SIGTERM and SIGKILL reach the server itself.
import { readFile } from "node:fs/promises";
import { execa } from "execa";
import { freePort, waitForServer } from "../../e2e/support/project.js";
import { cpuSeconds, signalGroup, startProcess, stopProcess, type Started } from "./processes.js";

export interface Instance {
  port: number;
  url: string;
  /** Everything the instance printed (pino JSON lines). */
  output: string[];
  /** Starts it again on the same port, with `env` added to the environment it was started with. */
  restart(env?: Record<string, string>): Promise<void>;
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Resident memory of the node server process, in bytes. */
  rss(): Promise<number>;
  /** CPU seconds the node server process has used. */
  cpuSeconds(): Promise<number>;
}

export async function startInstance(project: string, env: Record<string, string>): Promise<Instance> {
  const port = await freePort();
  let environment = { ...env, PORT: String(port) };
  let child: Started | undefined;
  let output: string[] = [];
  const start = async () => {
    ({ child, output } = startProcess("npm", ["start"], { cwd: project, env: environment }));
    instance.output = output;
    await waitForServer(`http://127.0.0.1:${port}/health`).catch((error: Error) => {
      throw new Error(`${error.message}\n${output.join("")}`);
    });
  };
  /** The node process under npm and its shell. */
  const serverPid = async () => {
    if (!child) return undefined;
    const { stdout } = await execa("ps", ["-o", "pid=,args=", "-g", String(child.pid)]);
    // Not `sh -c node dist/server.js`, the shell npm runs it in; node may carry flags (--liftoff-only).
    const line = stdout.split("\n").find((each) => /^\s*\d+\s+node\s+(?:--\S+\s+)*dist\/server\.js/.test(each));
    // A figure of 0 would make the soak's memory check pass whatever happens: fail loudly instead.
    if (!line) throw new Error(`no node dist/server.js process under npm start:\n${stdout}`);
    return Number(line.trim().split(/\s+/)[0]);
  };
  const instance: Instance = {
    port,
    url: `http://127.0.0.1:${port}`,
    output,
    async restart(extra = {}) {
      if (child) await stopProcess(child);
      environment = { ...environment, ...extra };
      await start();
    },
    async kill(signal = "SIGTERM") {
      if (!child) return;
      if (signal === "SIGKILL") signalGroup(child, signal);
      else await stopProcess(child, signal);
      await child;
      child = undefined;
    },
    async rss() {
      const pid = await serverPid();
      if (!pid) return 0;
      const status = await readFile(`/proc/${pid}/status`, "utf8");
      return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
    },
    async cpuSeconds() {
      const pid = await serverPid();
      return pid ? cpuSeconds(pid) : 0;
    },
  };
  await start();
  return instance;
}
