// One database per stack and provider: a SQLite file in the stack's folder, or a fresh PostgreSQL
// database (dropped at the end), so no stack reads another's rows or competes for its locks.
import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import { PG_ADMIN_URL, withAdmin } from "../../test/support/databases.js";
import type { Provider } from "../../test/support/prisma-clients.js";

export interface BenchDatabase {
  provider: Provider;
  /** postgresql://… or an absolute SQLite file path. */
  location: string;
  drop(): Promise<void>;
}

export async function createBenchDatabase(provider: Provider, stack: string, sqliteFile: string): Promise<BenchDatabase> {
  if (provider === "sqlite") {
    // WAL leaves -wal and -shm files beside it.
    const drop = () => Promise.all(["", "-wal", "-shm"].map((suffix) => rm(`${sqliteFile}${suffix}`, { force: true }))).then(() => undefined);
    await drop();
    return { provider, location: sqliteFile, drop };
  }
  const name = `bench_${stack.replace(/\W/g, "_")}_${randomBytes(4).toString("hex")}`;
  await withAdmin((client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    provider,
    location: url.toString(),
    drop: () => withAdmin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}
