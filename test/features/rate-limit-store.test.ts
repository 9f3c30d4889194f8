// The rate-limit-store feature: two app instances on one database share the built-in limits
// without Redis (each instance alone would allow the full limit), the counters never lose a hit
// under concurrency, and the feature's settings and tables are checked at boot.
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCounterStore } from "../../src/features/rate-limit-store/counters.js";
import { loadSettings } from "../../src/runtime/index.js";
import { RATE_LIMITS } from "../../src/runtime/routes/rate-limits.js";
import { createTestDatabase, type TestDatabase } from "../support/databases.js";
import { PROVIDERS } from "../support/prisma-clients.js";
import { buildApp, testEnv, uniqueEmail } from "../runtime/support/app.js";

const FEATURE = { JWT_ALLAUTH_FEATURES: "rate-limit-store", RATE_LIMIT: "true" };

describe.each(PROVIDERS)("rate-limit-store on %s", (provider) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(provider);
  });
  afterAll(() => database?.drop());

  const attempt = (app: FastifyInstance, email: string, ip: string) =>
    app.inject({ method: "POST", url: "/jwt-allauth/login/", payload: { email, password: "wrong password" }, remoteAddress: ip });

  /** Half the per-account limit on each of two instances, then one more on the first. */
  async function spread(first: FastifyInstance, second: FastifyInstance): Promise<number> {
    const email = uniqueEmail();
    const { max } = RATE_LIMITS.loginAccount;
    for (let i = 0; i < max; i++) expect((await attempt(i % 2 ? second : first, email, `10.9.${i}.1`)).statusCode).toBe(401);
    return (await attempt(first, email, "10.9.200.1")).statusCode;
  }

  it("shares the limits of two instances through the database", async () => {
    const first = await buildApp(database, FEATURE);
    const second = await buildApp(database, FEATURE);
    try {
      expect(await spread(first, second)).toBe(429);
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });

  it("is what makes them shared: without it each instance counts alone", async () => {
    const first = await buildApp(database, { RATE_LIMIT: "true" });
    const second = await buildApp(database, { RATE_LIMIT: "true" });
    try {
      expect(await spread(first, second)).toBe(401);
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });

  it("loses no hit when many requests race on one key, and restarts an ended window", async () => {
    const counters = createCounterStore(database.prisma.rateLimitCounter);
    const now = new Date();
    const key = `race:${uniqueEmail()}`;
    const results = await Promise.all(Array.from({ length: 40 }, () => counters.hit(key, 60_000, now)));
    expect(Math.max(...results.map((result) => result.count))).toBe(40);
    expect((await database.prisma.rateLimitCounter.findUnique({ where: { key } }))?.count).toBe(40);
    const later = new Date(now.getTime() + 60_000);
    expect(await counters.hit(key, 60_000, later)).toEqual({ count: 1, resetAt: new Date(later.getTime() + 60_000) });
    expect(await counters.prune(new Date(later.getTime() + 60_000))).toBeGreaterThanOrEqual(1);
    expect(await database.prisma.rateLimitCounter.findUnique({ where: { key } })).toBeNull();
  });

  it("stops the boot, naming its table and the command, when its migration was not applied", async () => {
    const bare = await createTestDatabase(provider);
    try {
      await bare.prisma.$executeRawUnsafe('DROP TABLE "RateLimitCounter"');
      await expect(buildApp(bare, FEATURE)).rejects.toMatchObject({
        code: "schema_not_migrated",
        message: expect.stringMatching(/table \S*RateLimitCounter\S* of the rate-limit-store feature is missing.*prisma migrate deploy/),
      });
      // Without the feature enabled, the same database boots.
      await (await buildApp(bare)).close();
    } finally {
      await bare.drop();
    }
  });
});

describe("rate-limit-store settings", () => {
  it("refuses REDIS_URL at the same time, naming it", () => {
    expect(() => loadSettings(testEnv({ ...FEATURE, REDIS_URL: "redis://127.0.0.1:6379" }))).toThrow(
      "REDIS_URL cannot be combined with the rate-limit-store feature (both keep the rate-limit counters): unset one",
    );
  });

  it("names JWT_ALLAUTH_FEATURES for an unknown feature", () => {
    expect(() => loadSettings(testEnv({ JWT_ALLAUTH_FEATURES: "rate-limit-store, passkeys" }))).toThrow(
      'JWT_ALLAUTH_FEATURES names an unknown feature "passkeys" (known: rate-limit-store, mfa; separate names with commas)',
    );
    expect(loadSettings(testEnv({ JWT_ALLAUTH_FEATURES: " rate-limit-store ,, " })).features).toEqual([{ name: "rate-limit-store", settings: undefined }]);
    expect(loadSettings(testEnv()).features).toEqual([]);
  });
});
