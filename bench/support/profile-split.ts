// Splits a V8 .cpuprofile by who spent the time: Prisma (client, query compiler, adapter), the
// database driver, Fastify and pino, jwt-allauth, token verification, Node's HTTP internals, GC.
import { readFile } from "node:fs/promises";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
}

interface CpuProfile {
  /** Microseconds on the monotonic clock, the one process.hrtime reads in every process. */
  startTime: number;
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** First match wins: more specific package paths come before the general ones. */
const OWNERS: Array<[string, (frame: ProfileNode["callFrame"]) => boolean]> = [
  ["idle", (f) => f.functionName === "(idle)"],
  ["garbage collection", (f) => f.functionName === "(garbage collector)"],
  ["Prisma query compiler (Wasm)", (f) => f.url.startsWith("wasm://") || /query_compiler|client-engine-runtime/.test(f.url)],
  ["Prisma driver adapter", (f) => /@prisma\/adapter-|@prisma\/driver-adapter-utils/.test(f.url)],
  ["Prisma client", (f) => /@prisma\/client|\/generated\/prisma\//.test(f.url)],
  ["database driver (better-sqlite3 / pg)", (f) => /node_modules\/(better-sqlite3|pg|pg-protocol|pg-pool|bindings)\//.test(f.url)],
  ["token verification (fast-jwt)", (f) => /node_modules\/fast-jwt\//.test(f.url)],
  ["jwt-allauth runtime", (f) => /node_modules\/jwt-allauth\//.test(f.url)],
  ["Fastify, its plugins and pino", (f) => /node_modules\/(fastify|@fastify|find-my-way|fast-json-stringify|avvio|pino|light-my-request|fast-redact|thread-stream|sonic-boom|ajv)/.test(f.url)],
  ["the project's own code", (f) => /\/dist\/[^/]+\.js$/.test(f.url) && !f.url.includes("node_modules")],
  ["other packages", (f) => f.url.includes("node_modules")],
  ["Node internals (HTTP, streams, crypto) and native", () => true],
];

export interface ProfileSplit {
  /** Microseconds of samples per owner. */
  owners: Map<string, number>;
  /** Microseconds of samples per function (`name (file)`), for the top of the list. */
  functions: Map<string, number>;
}

/** Counts only samples inside [fromUs, toUs] (the load run, not boot). */
export async function splitProfile(file: string, fromUs: number, toUs: number): Promise<ProfileSplit> {
  const profile = JSON.parse(await readFile(file, "utf8")) as CpuProfile;
  const ownerOf = new Map(profile.nodes.map((node) => [node.id, OWNERS.find(([, test]) => test(node.callFrame))![0]]));
  const nameOf = new Map(profile.nodes.map(({ id, callFrame }) => [id, `${callFrame.functionName || "(anonymous)"} (${callFrame.url.split("/").slice(-2).join("/")})`]));
  const microseconds = new Map<string, number>();
  const functions = new Map<string, number>();
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (at < fromUs || at > toUs) return;
    const owner = ownerOf.get(id)!;
    microseconds.set(owner, (microseconds.get(owner) ?? 0) + delta);
    if (owner !== "idle") functions.set(nameOf.get(id)!, (functions.get(nameOf.get(id)!) ?? 0) + delta);
  });
  return { owners: microseconds, functions };
}

/** Now on the profile's clock. */
export const monotonicMicroseconds = () => Number(process.hrtime.bigint() / 1000n);
