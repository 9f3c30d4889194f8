// A PostgreSQL cluster of our own (initdb in a temporary folder, a random port, loopback only),
// so fault tests can stop and restart it. The machine's shared PostgreSQL on 5432 serves other
// sessions and is never touched.
import { chown, mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { execa } from "execa";
import pg from "pg";
import { freePort } from "../../e2e/support/project.js";
import { cpuSeconds, startProcess, stopProcess, type Started } from "./processes.js";

export interface PrivatePostgres {
  port: number;
  /** URL of a database on this cluster. */
  url(database: string): string;
  query(database: string, sql: string, values?: unknown[]): Promise<pg.QueryResult>;
  /** Fast shutdown (open connections are closed, as a restart or failover does). */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** SIGSTOP to every PostgreSQL process: connections are accepted by the kernel and never answered (a network partition, a stuck host). */
  freeze(): Promise<void>;
  thaw(): Promise<void>;
  /** CPU seconds (user + system) the cluster has used so far, exited backends included. */
  cpuSeconds(): Promise<number>;
  destroy(): Promise<void>;
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = await postgresBin();
  const { stdout: uid } = await execa("id", ["-u", "postgres"]);
  const { stdout: gid } = await execa("id", ["-g", "postgres"]);
  const owner = { uid: Number(uid), gid: Number(gid) };
  const dir = await mkdtemp(path.join(os.tmpdir(), "jwt-allauth-pg-"));
  await chown(dir, owner.uid, owner.gid);
  const data = path.join(dir, "data");
  await execa(path.join(bin, "initdb"), ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync"], { ...owner, env: { LC_ALL: "C" } });
  const port = await freePort();
  let server: Started | undefined;
  const url = (database: string) => `postgresql://postgres@127.0.0.1:${port}/${database}`;

  const start = async () => {
    server = startProcess(path.join(bin, "postgres"), ["-D", data, "-p", String(port), "-c", "listen_addresses=127.0.0.1", "-k", dir, "-c", "max_connections=200", "-c", "shared_preload_libraries=pg_stat_statements"], owner).child;
    await waitUntilAccepting(url("postgres"));
  };
  await start();
  return {
    port,
    url,
    async query(database, sql, values) {
      const client = new pg.Client({ connectionString: url(database) });
      await client.connect();
      try {
        return await client.query(sql, values);
      } finally {
        await client.end();
      }
    },
    async stop() {
      // SIGINT is PostgreSQL's fast shutdown: roll back, close every connection, exit.
      if (server) await stopProcess(server, "SIGINT");
      server = undefined;
    },
    start,
    async freeze() {
      for (const pid of await clusterPids(server)) process.kill(pid, "SIGSTOP");
    },
    async thaw() {
      for (const pid of await clusterPids(server)) process.kill(pid, "SIGCONT");
    },
    async cpuSeconds() {
      return server ? clusterCpuSeconds(server.pid!) : 0;
    },
    async destroy() {
      if (server) await stopProcess(server, "SIGINT");
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function postgresBin(): Promise<string> {
  const versions = (await readdir("/usr/lib/postgresql")).sort((a, b) => Number(b) - Number(a));
  if (versions.length === 0) throw new Error("no PostgreSQL server binaries under /usr/lib/postgresql");
  return `/usr/lib/postgresql/${versions[0]}/bin`;
}

async function waitUntilAccepting(url: string): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt++) {
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`PostgreSQL at ${url} did not start`);
}

/**
 * The postmaster and its children. Each PostgreSQL child makes itself a session leader, so they
 * are found by parent pid, not by process group (and never by name: the machine's shared
 * cluster runs the same binaries).
 */
async function clusterPids(server: Started | undefined): Promise<number[]> {
  if (!server) return [];
  const { stdout } = await execa("ps", ["-o", "pid=", "--ppid", String(server.pid)], { reject: false });
  return [server.pid!, ...stdout.split("\n").map(Number).filter((pid) => pid > 0)];
}

/** CPU seconds of the cluster, backends that already exited included (they come and go with connections). */
async function clusterCpuSeconds(postmaster: number): Promise<number> {
  const { stdout } = await execa("ps", ["-o", "pid=", "--ppid", String(postmaster)], { reject: false });
  const children = stdout.split("\n").map(Number).filter((pid) => pid > 0);
  return (await cpuSeconds(postmaster, { withExitedChildren: true })) + (await Promise.all(children.map((pid) => cpuSeconds(pid)))).reduce((a, b) => a + b, 0);
}
