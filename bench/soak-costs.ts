// The cost of each endpoint alone, on the running cluster: requests/s with 8 clients in a closed
// loop, the CPU the three instances and PostgreSQL spent per request (from /proc), and the SQL
// statements PostgreSQL executed per request (pg_stat_statements: BEGIN and COMMIT count too).
import { call, PASSWORD, post, refresh, register } from "../test/scale/support/client.js";
import type { Cluster } from "../test/scale/support/cluster.js";
import type { User } from "./soak-operations.js";

const CLIENTS = 8;
const SECONDS = Number(process.env.SOAK_COST_SECONDS ?? 5);

interface Cost {
  endpoint: string;
  perSecond: number;
  appCpuMs: number;
  postgresCpuMs: number;
  statements: number;
  p50: number;
}

/** Each endpoint as one request for the user a client holds; registration fills the user pool first. */
const ENDPOINTS: Array<[string, (cluster: Cluster, user: User, users: User[]) => Promise<number>]> = [
  ["POST /registration/", async (cluster, _user, users) => {
    const created = await register(cluster.url);
    users.push({ ...created, busy: false, logins: 0 });
    return 201;
  }],
  ["POST /login/", async (cluster, user) => {
    user.logins++;
    return (await post(cluster.url, "/login/", { email: user.email, password: PASSWORD })).status;
  }],
  ["POST /refresh/", async (cluster, user) => {
    const answer = await refresh(cluster.url, user.refresh);
    if (answer.status === 200) Object.assign(user, answer.body);
    return answer.status;
  }],
  ["GET /hello (session check on)", async (cluster, user) => (await call(cluster.url, "GET", "/hello", { access: user.access })).status],
];

export async function measureCosts(cluster: Cluster, users: User[]): Promise<Cost[]> {
  const costs: Cost[] = [];
  for (const [endpoint, request] of ENDPOINTS) {
    const before = await counters(cluster);
    const latencies: number[] = [];
    const deadline = Date.now() + SECONDS * 1000;
    const started = Date.now();
    // Client i uses users i, i+8, ...: no two clients ever share a user (a refresh race is not the point here).
    const clients = Array.from({ length: CLIENTS }, async (_, client) => {
      for (let n = 0; Date.now() < deadline; n++) {
        const user = users[(client + CLIENTS * n) % Math.max(1, users.length - (users.length % CLIENTS))]!;
        const t = performance.now();
        const status = await request(cluster, user, users);
        latencies.push(performance.now() - t);
        if (status >= 300) throw new Error(`${endpoint} answered ${status}`);
      }
    });
    await Promise.all(clients);
    const elapsed = (Date.now() - started) / 1000;
    const after = await counters(cluster);
    const count = latencies.length;
    latencies.sort((a, b) => a - b);
    costs.push({
      endpoint,
      perSecond: count / elapsed,
      appCpuMs: ((after.app - before.app) * 1000) / count,
      postgresCpuMs: ((after.postgres - before.postgres) * 1000) / count,
      statements: (after.statements - before.statements) / count,
      p50: latencies[Math.floor(count / 2)]!,
    });
  }
  return costs;
}

async function counters(cluster: Cluster) {
  const app = (await Promise.all(cluster.instances.map((instance) => instance.cpuSeconds()))).reduce((a, b) => a + b, 0);
  const postgres = await cluster.postgres.cpuSeconds();
  const [row] = await cluster.query<{ calls: string }>(
    "SELECT coalesce(sum(calls), 0) AS calls FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND query NOT LIKE '%pg_stat_statements%' AND query NOT LIKE '%pg_database%'",
  );
  return { app, postgres, statements: Number(row!.calls) };
}

export function printCosts(costs: Cost[]): void {
  console.log("| endpoint | requests/s | app CPU ms/request | PostgreSQL CPU ms/request | SQL statements/request | p50 ms |\n|---|---:|---:|---:|---:|---:|");
  for (const cost of costs) {
    console.log(`| ${cost.endpoint} | ${cost.perSecond.toFixed(0)} | ${cost.appCpuMs.toFixed(2)} | ${cost.postgresCpuMs.toFixed(3)} | ${cost.statements.toFixed(2)} | ${cost.p50.toFixed(1)} |`);
  }
}
