// A database outage is a 503 database_unavailable the client may retry, never a 500 or a crash,
// and the plugin serves again by itself once the database is back. Real outages: PostgreSQL
// refuses and drops the connections of the app's database; SQLite's file is locked by another
// process's exclusive transaction.
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, PG_ADMIN_URL, type TestDatabase } from "../support/databases.js";
import { buildApp, login, signUp } from "../runtime/support/app.js";
import type { FastifyInstance } from "fastify";

const UNAVAILABLE = {
  statusCode: 503,
  code: "database_unavailable",
  error: "Service Unavailable",
  message: "The database is unavailable, retry shortly",
};

describe("a PostgreSQL outage", () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let admin: pg.Client;
  let name: string;
  beforeAll(async () => {
    database = await createTestDatabase("postgresql");
    app = await buildApp(database);
    name = new URL(database.url).pathname.slice(1);
    admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
  });
  afterAll(async () => {
    await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
    await admin.end();
    await app.close();
    await database.drop();
  });

  it("answers 503 database_unavailable on login and refresh, then recovers when the database returns", async () => {
    const user = await signUp(app);
    // The outage: no new connections, and the pool's open ones are killed by the server.
    await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
    await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1", [name]);

    const duringLogin = await login(app, user.email);
    expect(duringLogin.statusCode).toBe(503);
    expect(duringLogin.json()).toEqual(UNAVAILABLE);
    const duringRefresh = await app.inject({ method: "POST", url: "/jwt-allauth/refresh/", payload: { refresh: user.refresh } });
    expect(duringRefresh.json()).toEqual(UNAVAILABLE);
    // Verifying an access token needs no database: protected app routes keep working.
    const hello = await app.inject({ method: "GET", url: "/hello", headers: { authorization: `Bearer ${user.access}` } });
    expect(hello.statusCode).toBe(200);

    // With JWT_ACCESS_SESSION_CHECK the session is looked up: the same retryable 503, not a 500.
    const checking = await buildApp(database, { JWT_ACCESS_SESSION_CHECK: "true" });
    try {
      const checked = await checking.inject({ method: "GET", url: "/hello", headers: { authorization: `Bearer ${user.access}` } });
      expect(checked.statusCode).toBe(503);
      expect(checked.json()).toEqual(UNAVAILABLE);
    } finally {
      await checking.close();
    }

    await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
    const after = await login(app, user.email);
    expect(after.statusCode).toBe(200);
    const refreshed = await app.inject({ method: "POST", url: "/jwt-allauth/refresh/", payload: { refresh: user.refresh } });
    expect(refreshed.statusCode).toBe(200);
  });
});

describe("a locked SQLite database", () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  beforeAll(async () => {
    database = await createTestDatabase("sqlite");
    app = await buildApp(database);
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it("answers 503 database_unavailable while another process holds the write lock, then recovers", { timeout: 60_000 }, async () => {
    const user = await signUp(app);
    const locker = new Database(new URL(database.url).pathname);
    try {
      locker.exec("BEGIN EXCLUSIVE");
      // A login writes a session row; it waits for the lock (better-sqlite3's busy timeout), then gives up.
      const during = await login(app, user.email);
      expect(during.statusCode).toBe(503);
      expect(during.json()).toEqual(UNAVAILABLE);
      locker.exec("COMMIT");
    } finally {
      locker.close();
    }
    expect((await login(app, user.email)).statusCode).toBe(200);
  });
});
