// Every process the scale tests start (PostgreSQL, Redis, HAProxy, app instances) runs in its own
// process group and is registered here, so it is killed at the end even when a test fails or the
// test process exits early: a leaked postmaster or instance would hold ports and memory on a
// machine shared with other sessions.
import { readFile } from "node:fs/promises";
import { execa, type Options, type ResultPromise } from "execa";

const running = new Set<number>();

export type Started = ResultPromise<Options & { detached: true; reject: false }>;

/** Starts `file` in its own process group; its stdout and stderr are kept in `output`. */
export function startProcess(file: string, args: string[], options: Options = {}): { child: Started; output: string[] } {
  const child = execa(file, args, { ...options, detached: true, reject: false, all: true, buffer: false, stdin: "ignore" }) as Started;
  const output: string[] = [];
  child.all?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  running.add(child.pid!);
  void child.finally(() => running.delete(child.pid!));
  return { child, output };
}

/** Signals the whole group (npm, its shell and node alike: npm does not pass signals on). */
export function signalGroup(child: Started, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // already gone
  }
}

/** Signals the group and waits until its leader has exited. */
export async function stopProcess(child: Started, signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
  signalGroup(child, signal);
  await child;
}

/** CPU seconds (user + system) of one process from /proc; 0 once it is gone. */
export async function cpuSeconds(pid: number, { withExitedChildren = false } = {}): Promise<number> {
  let stat: string;
  try {
    stat = await readFile(`/proc/${pid}/stat`, "utf8");
  } catch {
    return 0;
  }
  // The fields after "(command) ": utime, stime, cutime, cstime are fields 14-17 (man 5 proc).
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ").map(Number);
  const ticks = fields[11]! + fields[12]! + (withExitedChildren ? fields[13]! + fields[14]! : 0);
  return ticks / 100; // USER_HZ
}

function killAll(): void {
  for (const pid of running) {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  running.clear();
}

process.once("exit", killAll);
// A test runner ending its worker with a signal would skip "exit": clean up, then die of it.
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    killAll();
    process.kill(process.pid, signal);
  });
}
