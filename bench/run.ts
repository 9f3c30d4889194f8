// `npm run bench`: the generated project as users run it, side by side with its peers, on SQLite
// and PostgreSQL (BENCH_DB=sqlite to run one). Every server runs in its own process; the load
// comes from this one. Interleaved rounds, medians with min and max. See BENCHMARKS.md.
import { generateKeyPairSync } from "node:crypto";
import { rm } from "node:fs/promises";
import { availableParallelism, loadavg } from "node:os";
import { packAndInstallCli, type PackedPackage } from "../test/e2e/support/project.js";
import type { Provider } from "../test/support/prisma-clients.js";
import { countRefreshStatements } from "./refresh-statements.js";
import { login, SCENARIOS, type StackState } from "./scenarios.js";
import { measureArgon2 } from "./support/argon2.js";
import { benchDatabases } from "./support/databases.js";
import { runLoad, type LoadResult } from "./support/load.js";
import { treeUsage } from "./support/proc.js";
import { printReport } from "./support/report.js";
import { bareStack, betterAuthStack, djangoStack } from "./stacks/peers.js";
import { oursStack } from "./stacks/ours.js";

const DURATION_S = Number(process.env.BENCH_DURATION ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = 50;
/** Per stack before the rounds: enough signed-in users for the protected routes and the first refresh round. */
const SETUP_LOGINS = 200;
const PROVIDERS = (process.env.BENCH_DB ?? "sqlite,postgresql").split(",") as Provider[];

/** Ctrl-C stops the servers too: they run in process groups of their own. */
const stopping: Array<() => Promise<void>> = [];
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => void Promise.allSettled(stopping.map((stop) => stop())).then(() => process.exit(130)));
}

async function main() {
  console.log(`jwt-allauth benchmark: ${availableParallelism()} cores, load average ${loadavg().map((n) => n.toFixed(1)).join(" ")}, ` +
    `${CONNECTIONS} connections, ${DURATION_S} s per run, ${ROUNDS} interleaved rounds`);
  const packed = await packAndInstallCli("jwt-allauth-bench-");
  try {
    const statements = await countRefreshStatements(signingEnv());
    for (const provider of PROVIDERS) await benchProvider(packed, provider, statements[provider]);
  } finally {
    await rm(packed.work, { recursive: true, force: true });
  }
  console.log(`\nload average at the end: ${loadavg().map((n) => n.toFixed(1)).join(" ")}`);
}

async function benchProvider(packed: PackedPackage, provider: Provider, refreshStatements: string[]) {
  const databases = benchDatabases(packed.work);
  const stacks = [bareStack, oursStack(packed, databases), betterAuthStack(databases), djangoStack(databases)];
  const states = new Map<string, StackState>();
  const cleanUp = async () => {
    for (const state of states.values()) await state.server.stop();
    await databases.dropAll();
  };
  stopping.push(cleanUp);
  try {
    for (const stack of stacks) states.set(stack.name, { stack, server: await stack.start(provider), signedIn: [], unused: [] });
    const ours = states.get("ours")!.server;
    const idleRssBytes = treeUsage(ours.pid).rssBytes;
    // Warm-up, not counted: logins fill the credential pools, every route gets the JIT going.
    for (const state of states.values()) if (state.stack.login) await runLoad(state.server, login(state), { connections: 8, amount: SETUP_LOGINS });
    for (const scenario of SCENARIOS.filter((s) => !/login|refresh/.test(s.id))) await run(scenario.id, 2);

    const rounds = new Map<string, LoadResult[]>(SCENARIOS.map((scenario) => [scenario.id, []]));
    const argon2PerSecond: number[] = [];
    const rssAfterRound: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (const scenario of SCENARIOS) {
        if (scenario.id === "login") argon2PerSecond.push(await measureArgon2());
        rounds.get(scenario.id)!.push(await run(scenario.id, DURATION_S));
      }
      rssAfterRound.push(treeUsage(ours.pid).rssBytes);
    }
    printReport({ provider, rounds, argon2PerSecond, idleRssBytes, rssAfterRound, refreshStatements }, SCENARIOS);
  } finally {
    await cleanUp();
    stopping.splice(stopping.indexOf(cleanUp), 1);
  }

  async function run(id: string, durationS: number): Promise<LoadResult> {
    const scenario = SCENARIOS.find((s) => s.id === id)!;
    const state = states.get(scenario.stack)!;
    const result = await runLoad(state.server, scenario.request(state), { connections: scenario.connections ?? CONNECTIONS, durationS });
    process.stderr.write(`  ${provider} ${id}: ${result.requestsPerSecond.toFixed(0)} req/s, ${result.cpuMsPerRequest.toFixed(3)} ms CPU, ${result.failed} failed\n`);
    return result;
  }
}

/** A signing key for the in-process statement count (the servers have their own). */
function signingEnv() {
  const { privateKey } = generateKeyPairSync("ed25519");
  return { JWT_PRIVATE_KEY: privateKey.export({ type: "pkcs8", format: "pem" }).toString(), JWT_KEY_ID: "bench", PUBLIC_URL: "http://localhost:3000" };
}

await main();
