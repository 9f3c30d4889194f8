// `npm run soak` (ten minutes) or `npm run soak -- --duration 45` (the short form CI runs): three
// instances of a generated project behind HAProxy on one PostgreSQL and one Redis (all on
// loopback, see test/scale/support). First the cost of each endpoint alone (requests/s, CPU of the
// instances and of PostgreSQL, SQL statements per request), then mixed traffic at a fixed rate.
// Exits 1 on any failed request, or when memory grows by more than a quarter over a long run.
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { DATABASE, startCluster, type Cluster } from "../test/scale/support/cluster.js";
import { measureCosts, printCosts } from "./soak-costs.js";
import { perform, type Operation, type Outcome, type User } from "./soak-operations.js";

const { values } = parseArgs({ options: { duration: { type: "string", default: "600" }, rate: { type: "string", default: "40" } } });
const DURATION_S = Number(values.duration);
const RATE = Number(values.rate); // requests started per second, whatever the answers take
/** One cycle of the mix: 35% protected route, 10% profile, 30% refresh, 15% login + logout, 10% registration. */
const MIX: Operation[] = ["hello", "refresh", "hello", "user", "refresh", "hello", "login", "refresh", "hello", "registration", "hello", "refresh", "hello", "login", "refresh", "user", "hello", "refresh", "login", "registration"];

const cluster = await startCluster({ instances: 3, env: { EMAIL_VERIFICATION: "false", JWT_REFRESH_GRACE_PERIOD: "10s" } });
let failed = false;
try {
  await cluster.postgres.query(DATABASE, "CREATE EXTENSION pg_stat_statements");
  const users: User[] = [];
  console.log(`\n## Cost of each endpoint alone (3 instances, 8 clients, load average ${loadavg()[0]!.toFixed(1)})\n`);
  printCosts(await measureCosts(cluster, users));
  console.log(`\n## Soak: ${DURATION_S} s of mixed traffic at ${RATE} requests/s\n`);
  failed = await soak(cluster, users);
  await printGrowth(cluster);
} finally {
  await cluster.stop();
}
process.exit(failed ? 1 : 0);

async function soak(cluster: Cluster, users: User[]): Promise<boolean> {
  const outcomes: Outcome[] = [];
  const memory: number[][] = [];
  const inFlight = new Set<Promise<void>>();
  const started = Date.now();
  let skipped = 0;
  const sampler = setInterval(() => void Promise.all(cluster.instances.map((i) => i.rss())).then((rss) => memory.push(rss)), 5_000);
  for (let tick = 0; Date.now() - started < DURATION_S * 1000; tick++) {
    const operation = MIX[tick % MIX.length]!;
    // The free user with the fewest logins: stays under the per-account login limit (10 per 15 min).
    const user = pickUser(users, operation);
    if (!user) skipped++;
    else {
      user.busy = true;
      const job = perform(cluster.url, operation, user, users)
        .then((results) => void outcomes.push(...results))
        .finally(() => {
          user.busy = false;
          inFlight.delete(job);
        });
      inFlight.add(job);
    }
    const next = started + ((tick + 1) * 1000) / RATE;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - Date.now())));
  }
  await Promise.all(inFlight);
  clearInterval(sampler);
  return report(outcomes, memory, skipped);
}

function pickUser(users: User[], operation: Operation): User | undefined {
  let best: User | undefined;
  for (let tries = 0; tries < 20; tries++) {
    const candidate = users[Math.floor(Math.random() * users.length)];
    if (!candidate || candidate.busy) continue;
    if (operation !== "login") return candidate;
    if (!best || candidate.logins < best.logins) best = candidate;
  }
  return best && best.logins < 9 ? best : undefined;
}

function report(outcomes: Outcome[], memory: number[][], skipped: number): boolean {
  const failures = outcomes.filter((outcome) => !outcome.ok);
  console.log("| operation | requests | failed | p50 ms | p99 ms |\n|---|---:|---:|---:|---:|");
  const operations = [...new Set(outcomes.map((outcome) => outcome.operation))].sort();
  for (const name of [...operations, "all" as const]) {
    const rows = outcomes.filter((outcome) => name === "all" || outcome.operation === name);
    const ms = rows.map((row) => row.ms).sort((a, b) => a - b);
    const at = (q: number) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))]!.toFixed(1);
    console.log(`| ${name} | ${rows.length} | ${rows.filter((row) => !row.ok).length} | ${at(0.5)} | ${at(0.99)} |`);
  }
  if (skipped) console.log(`\n${skipped} ticks skipped (no free user).`);
  for (const failure of failures.slice(0, 10)) console.log(`failed: ${failure.operation}: ${failure.detail}`);
  // Memory: the second fifth of the run (after warm-up) against the last fifth, per instance.
  const fifth = Math.max(1, Math.floor(memory.length / 5));
  const mean = (rows: number[][], index: number) => rows.reduce((sum, row) => sum + row[index]!, 0) / rows.length / 2 ** 20;
  const early = memory.slice(fifth, 2 * fifth);
  const late = memory.slice(-fifth);
  const growth = [0, 1, 2].map((index) => (early.length && late.length ? mean(late, index) / mean(early, index) - 1 : 0));
  console.log(`\nResident memory per instance (MiB), warm-up vs end: ${[0, 1, 2].map((index) => `${mean(early, index).toFixed(0)} → ${mean(late, index).toFixed(0)}`).join(", ")}`);
  const grew = DURATION_S >= 300 && growth.some((value) => value > 0.25);
  if (grew) console.log("memory grew by more than 25%");
  return failures.length > 0 || grew;
}

/** What the run left in the database: rows and bytes per row of each table (what grows with users). */
async function printGrowth(cluster: Cluster): Promise<void> {
  await cluster.query("ANALYZE");
  const tables = await cluster.query<{ table: string; rows: string; bytes: string }>(
    `SELECT relname AS table, n_live_tup AS rows, pg_total_relation_size(relid) AS bytes FROM pg_stat_user_tables WHERE relname <> '_prisma_migrations' ORDER BY relname`,
  );
  console.log("\n| table | rows | bytes/row (with indexes) |\n|---|---:|---:|");
  for (const { table, rows, bytes } of tables) console.log(`| ${table} | ${rows} | ${Number(rows) ? (Number(bytes) / Number(rows)).toFixed(0) : "-"} |`);
}
