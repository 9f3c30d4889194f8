// One database per stack and provider: a SQLite file in the stack's folder, or a fresh PostgreSQL
// database (dropped at the end), so no stack reads another's rows or competes for its locks.
import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import path from "node:path";
import { PG_ADMIN_URL, withAdmin } from "../../test/support/databases.js";
import type { Provider } from "../../test/support/prisma-clients.js";

export interface BenchDatabase {
  provider: Provider;
  /** postgresql://… or an absolute SQLite file path. */
  location: string;
  drop(): Promise<void>;
}

async function createBenchDatabase(provider: Provider, stack: string, sqliteFile: string): Promise<BenchDatabase> {
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

/** The databases of one provider's run, dropped together at the end. */
export interface BenchDatabases {
  /** SQLite goes to `sqliteFile`, by default `<dir>/<stack>.db`. */
  create(provider: Provider, stack: string, sqliteFile?: string): Promise<BenchDatabase>;
  dropAll(): Promise<void>;
}

export function benchDatabases(dir: string): BenchDatabases {
  const created: BenchDatabase[] = [];
  return {
    async create(provider, stack, sqliteFile = path.join(dir, `${stack}.db`)) {
      const database = await createBenchDatabase(provider, stack, sqliteFile);
      created.push(database);
      return database;
    },
    async dropAll() {
      for (const database of created.splice(0)) await database.drop();
    },
  };
}
