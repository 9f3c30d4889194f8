// A bug answers a bare 500 internal_error: no SQL, stack or Prisma message leaks. (An outage is a
// 503 database_unavailable, a missing table a 503 schema_not_migrated: see schema-check.test.ts.)
import { describe, expect, it } from "vitest";
import { createTestDatabase } from "../support/databases.js";
import { PROVIDERS } from "../support/prisma-clients.js";
import { buildApp, login, signUp } from "./support/app.js";

/** A real failure the database reports on every new session: neither an outage nor a missing table. */
const REFUSE_SESSIONS = {
  sqlite: `CREATE TRIGGER "refuse_sessions" BEFORE INSERT ON "Session" BEGIN SELECT RAISE(ABORT, 'refused'); END`,
  postgresql: `ALTER TABLE "Session" ADD CONSTRAINT "refuse_sessions" CHECK (false) NOT VALID`,
};

describe.each(PROVIDERS)("unexpected errors on %s", (provider) => {
  it("answers 500 internal_error with a generic message when the database fails", async () => {
    const database = await createTestDatabase(provider);
    const app = await buildApp(database);
    try {
      const user = await signUp(app);
      await database.prisma.$executeRawUnsafe(REFUSE_SESSIONS[provider]);
      const response = await login(app, user.email);
      expect(response.statusCode).toBe(500);
      expect(response.json()).toEqual({
        statusCode: 500,
        code: "internal_error",
        error: "Internal Server Error",
        message: "Something went wrong on our side",
      });
      expect(response.body).not.toMatch(/Session|refuse|prisma|SQL|at /i);
    } finally {
      await app.close();
      await database.drop();
    }
  });
});
