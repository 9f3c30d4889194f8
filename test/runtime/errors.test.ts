// An outage or a bug answers a bare 500 internal_error: no SQL, stack or Prisma message leaks.
import { describe, expect, it } from "vitest";
import { createTestDatabase } from "../support/databases.js";
import { PROVIDERS } from "../support/prisma-clients.js";
import { buildApp, login, signUp } from "./support/app.js";

describe.each(PROVIDERS)("unexpected errors on %s", (provider) => {
  it("answers 500 internal_error with a generic message when the database fails", async () => {
    const database = await createTestDatabase(provider);
    const app = await buildApp(database);
    try {
      const user = await signUp(app);
      // A real failure: the Session table disappears under the running app.
      await database.prisma.$executeRawUnsafe(`ALTER TABLE "Session" RENAME TO "SessionGone"`);
      const response = await login(app, user.email);
      expect(response.statusCode).toBe(500);
      expect(response.json()).toEqual({
        statusCode: 500,
        code: "internal_error",
        error: "Internal Server Error",
        message: "Something went wrong on our side",
      });
      expect(response.body).not.toMatch(/Session|prisma|SQL|at /i);
    } finally {
      await app.close();
      await database.drop();
    }
  });
});
