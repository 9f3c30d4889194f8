// CPU time and resident memory of a server's whole process tree (npm → sh → node; gunicorn's
// master and workers), read from /proc: what the kernel charged, not what the server reports.
import { readFileSync } from "node:fs";

/** Linux's USER_HZ: /proc/<pid>/stat counts CPU time in ticks of 10 ms. */
const TICK_MS = 10;

export interface TreeUsage {
  /** Every process of the tree, launchers included. */
  cpuMs: number;
  /** The server's processes only (launchers left out). */
  rssBytes: number;
}

function children(pid: number): number[] {
  try {
    const tasks = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim();
    return tasks ? tasks.split(" ").map(Number) : [];
  } catch {
    return []; // exited meanwhile
  }
}

function tree(pid: number): number[] {
  return [pid, ...children(pid).flatMap(tree)];
}

/** `npm start` and `sh -c`: launchers that idle beside the server; their memory is not the server's. */
function isLauncher(pid: number): boolean {
  try {
    // npm retitles itself ("npm start"), which rewrites its command line.
    const command = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ");
    return /^(\S*\/)?(sh|npm)( |$)/.test(command) || command.includes("npm-cli.js");
  } catch {
    return false;
  }
}

function usageOf(pid: number): TreeUsage {
  try {
    // Fields 14 and 15 (utime, stime) after the command name, which may contain spaces.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? "0";
    return { cpuMs: (Number(fields[11]) + Number(fields[12])) * TICK_MS, rssBytes: isLauncher(pid) ? 0 : Number(rss) * 1024 };
  } catch {
    return { cpuMs: 0, rssBytes: 0 };
  }
}

export function treeUsage(pid: number): TreeUsage {
  return tree(pid)
    .map(usageOf)
    .reduce((sum, usage) => ({ cpuMs: sum.cpuMs + usage.cpuMs, rssBytes: sum.rssBytes + usage.rssBytes }), { cpuMs: 0, rssBytes: 0 });
}

/** All cores' busy and total ticks since boot (/proc/stat); two samples give how loaded the machine was between them. */
export function cpuBusy(): { busy: number; total: number } {
  const [, ...ticks] = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/);
  const values = ticks.map(Number);
  const total = values.reduce((a, b) => a + b, 0);
  const idle = values[3]! + (values[4] ?? 0);
  return { busy: total - idle, total };
}
