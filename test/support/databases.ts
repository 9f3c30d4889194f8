// A fresh, real database per test file: SQLite in a temporary file (WAL, as the
// generated project runs it) or a new PostgreSQL database, with the shipped
// migration applied. Never a mock.
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as SqliteClient } from "../.generated/sqlite/src/generated/prisma/client.js";
import { PrismaClient as PostgresClient } from "../.generated/postgresql/src/generated/prisma/client.js";
import { migrationSql, type Provider } from "./prisma-clients.js";

export type TestPrisma = SqliteClient;

export interface TestDatabase {
  db: Provider;
  url: string;
  prisma: TestPrisma;
  /** Every SQL statement the client sent, in order; clear it with `queries.length = 0`. */
  queries: string[];
  drop(): Promise<void>;
}

export const PG_ADMIN_URL = process.env.TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export async function createTestDatabase(db: Provider): Promise<TestDatabase> {
  return db === "sqlite" ? createSqlite() : createPostgres();
}

async function createSqlite(): Promise<TestDatabase> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "jwt-allauth-test-"));
  const file = path.join(dir, "test.db");
  const raw = new Database(file);
  raw.pragma("journal_mode = WAL");
  raw.exec(await migrationSql("sqlite"));
  raw.close();
  const url = `file:${file}`;
  const prisma = new SqliteClient({ adapter: new PrismaBetterSqlite3({ url }), log: [{ emit: "event", level: "query" }] });
  const queries = recordQueries(prisma);
  return {
    db: "sqlite",
    url,
    prisma,
    queries,
    async drop() {
      await prisma.$disconnect();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function createPostgres(): Promise<TestDatabase> {
  const name = `jwt_allauth_test_${randomBytes(6).toString("hex")}`;
  await withAdmin((client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  const setup = new pg.Client({ connectionString: url.toString() });
  await setup.connect();
  await setup.query(await migrationSql("postgresql"));
  await setup.end();
  const prisma = new PostgresClient({
    adapter: new PrismaPg({ connectionString: url.toString() }),
    log: [{ emit: "event", level: "query" }],
  }) as unknown as SqliteClient;
  const queries = recordQueries(prisma);
  return {
    db: "postgresql",
    url: url.toString(),
    prisma,
    queries,
    async drop() {
      await prisma.$disconnect();
      await withAdmin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

/** The clients are built with `log: [{ emit: "event", level: "query" }]`, which enables this event. */
interface QueryEvents {
  $on(event: "query", listener: (event: { query: string }) => void): void;
}

function recordQueries(prisma: SqliteClient): string[] {
  const queries: string[] = [];
  (prisma as unknown as QueryEvents).$on("query", (event) => queries.push(event.query));
  return queries;
}

/** Runs `run` on a connection to the server's maintenance database (create/drop/alter databases). */
export async function withAdmin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}
