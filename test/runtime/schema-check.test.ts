// Issue 9 item 2: a database that was never migrated does not look healthy. The plugin refuses to
// boot on it, naming what is missing and the command to run; if a table goes missing later, the
// routes and app.checkAuthDatabase() (for /ready) answer 503 schema_not_migrated, never a 500.
import Fastify from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FEATURES } from "../../src/features/registry.js";
import jwtAllauth, { errors, loadSettings } from "../../src/runtime/index.js";
import { createTestDatabase, type TestDatabase } from "../support/databases.js";
import { PROVIDERS } from "../support/prisma-clients.js";
import { buildApp, register, testEnv } from "./support/app.js";

/** Every table, those that reference User first (PostgreSQL refuses to drop a referenced table). */
const TABLES = [...FEATURES.flatMap((feature) => feature.schema.models), "AuditEvent", "OneTimeToken", "Session", "User"];

describe.each(PROVIDERS)("the schema check on %s", (provider) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(provider);
  });
  afterAll(() => database?.drop());

  it("refuses to boot on a database without the tables, in one line naming the command", async () => {
    const empty = await createTestDatabase(provider);
    try {
      for (const table of TABLES) await empty.prisma.$executeRawUnsafe(`DROP TABLE "${table}"`);
      const error = await buildApp(empty).catch((thrown: unknown) => thrown);
      expect(error).toBeInstanceOf(errors.SchemaNotMigrated);
      const { message, statusCode } = error as InstanceType<typeof errors.SchemaNotMigrated>;
      expect(statusCode).toBe(503);
      expect(message).not.toContain("\n");
      expect(message).toMatch(/^The database schema is not migrated \(table \S*User\S* of jwt-allauth is missing\); apply the migrations: prisma migrate deploy \(in development: prisma migrate dev\)$/);
    } finally {
      await empty.drop();
    }
  });

  it("answers 503 schema_not_migrated, not 500, once a table goes missing under a running app", async () => {
    const app = await buildApp(database);
    try {
      await app.checkAuthDatabase();
      await database.prisma.$executeRawUnsafe('DROP TABLE "AuditEvent"');
      await database.prisma.$executeRawUnsafe('DROP TABLE "Session"');
      const response = await register(app);
      expect(response.statusCode).toBe(503);
      expect(response.json()).toMatchObject({ statusCode: 503, code: "schema_not_migrated", error: "Service Unavailable" });
      // What the message may say to a client: not which table.
      expect(response.json().message).not.toContain("Session");
      await expect(app.checkAuthDatabase()).rejects.toMatchObject({ code: "schema_not_migrated", statusCode: 503 });
      await expect(app.checkAuthDatabase()).rejects.toThrow(/table \S*Session\S* of jwt-allauth is missing/);
    } finally {
      await app.close();
    }
  });
});

describe("the schema check during an outage", () => {
  it("lets the plugin boot on an unreachable database, and checkAuthDatabase answers database_unavailable", async () => {
    const database = await createTestDatabase("postgresql");
    const url = new URL(database.url);
    url.port = "1"; // nothing listens there
    await database.drop();
    const { PrismaPg } = await import("@prisma/adapter-pg");
    const { PrismaClient } = await import("../.generated/postgresql/src/generated/prisma/client.js");
    const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url.toString() }) });
    const app = Fastify({ logger: false });
    await app.register(jwtAllauth, { prisma, settings: loadSettings(testEnv()) });
    await app.ready();
    try {
      await expect(app.checkAuthDatabase()).rejects.toMatchObject({ code: "database_unavailable", statusCode: 503 });
    } finally {
      await app.close();
      await prisma.$disconnect();
    }
  });
});
