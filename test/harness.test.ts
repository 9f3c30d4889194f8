// The test harness itself: each provider gets a fresh database with the shipped
// migration applied, isolated from every other test file.
import { afterAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "./support/databases.js";
import { PROVIDERS } from "./support/prisma-clients.js";

describe.each(PROVIDERS)("test database on %s", (db) => {
  const opened: TestDatabase[] = [];
  afterAll(async () => Promise.all(opened.map((t) => t.drop())));

  it("applies the shipped migration and records queries", async () => {
    const first = await createTestDatabase(db);
    const second = await createTestDatabase(db);
    opened.push(first, second);
    await first.prisma.user.create({ data: { email: "a@example.com", passwordHash: "x" } });
    expect(await first.prisma.user.count()).toBe(1);
    expect(await second.prisma.user.count()).toBe(0);
    expect(first.queries.some((q) => q.includes("INSERT"))).toBe(true);
  });
});
