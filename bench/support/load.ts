// One timed autocannon run from this process against a server in another, with the server's CPU
// time and peak RSS over the run read from /proc, and the machine's busy share beside it.
import autocannon from "autocannon";
import { cpuBusy, treeUsage } from "./proc.js";
import type { Server } from "./servers.js";

export interface LoadRequest {
  method: "GET" | "POST";
  path: string;
  /** Called for every request sent. */
  headers?(): Record<string, string>;
  body?(): string;
  onResponse?(status: number, body: string, headers: Record<string, string | string[]>): void;
}

export interface LoadResult {
  requestsPerSecond: number;
  /** Server CPU (user + system, whole process tree) per 2xx answer, in ms. */
  cpuMsPerRequest: number;
  peakRssBytes: number;
  /** Share of all cores busy during the run, from anything on the machine. */
  machineBusy: number;
  failed: number;
}

/** A timed run (`durationS`), or a fixed number of requests (`amount`, for the setup's logins). */
export type LoadOptions = { connections: number } & ({ durationS: number; amount?: never } | { amount: number; durationS?: never });

/**
 * Waits until the server's CPU use falls quiet (under 5 % of a core for 300 ms), at most `maxMs`:
 * work queued by the previous run (logins waiting for argon2) must not be charged to the next.
 */
export async function settle(server: Server, maxMs = 30_000): Promise<void> {
  const deadline = Date.now() + maxMs;
  let last = treeUsage(server.pid).cpuMs;
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 300));
    const now = treeUsage(server.pid).cpuMs;
    if (now - last <= 15) return;
    last = now;
  }
}

export async function runLoad(server: Server, request: LoadRequest, options: LoadOptions): Promise<LoadResult> {
  await settle(server);
  const before = treeUsage(server.pid);
  const busyBefore = cpuBusy();
  let peakRssBytes = before.rssBytes;
  const sampler = setInterval(() => (peakRssBytes = Math.max(peakRssBytes, treeUsage(server.pid).rssBytes)), 250);
  const result = await autocannon({
    url: server.url,
    connections: options.connections,
    ...(options.amount ? { amount: options.amount } : { duration: options.durationS }),
    requests: [
      {
        method: request.method,
        path: request.path,
        setupRequest: (req) => ({
          ...req,
          headers: { ...req.headers, ...(request.body ? { "content-type": "application/json" } : {}), ...request.headers?.() },
          ...(request.body ? { body: request.body() } : {}),
        }),
        ...(request.onResponse
          ? { onResponse: (status: number, body: string, _context: object, headers?: object) => request.onResponse!(status, body, (headers ?? {}) as Record<string, string | string[]>) }
          : {}),
      },
    ],
  });
  clearInterval(sampler);
  // Requests still queued when the clock stopped (logins waiting for argon2) belong to this run.
  await settle(server);
  const after = treeUsage(server.pid);
  const busyAfter = cpuBusy();
  // Only 2xx answers count: a fast failure must not pass for throughput.
  const answered = result.requests.total - result.non2xx;
  return {
    requestsPerSecond: answered / result.duration,
    cpuMsPerRequest: (after.cpuMs - before.cpuMs) / Math.max(answered, 1),
    peakRssBytes: Math.max(peakRssBytes, after.rssBytes),
    machineBusy: (busyAfter.busy - busyBefore.busy) / Math.max(busyAfter.total - busyBefore.total, 1),
    failed: result.non2xx + result.errors + result.timeouts,
  };
}
