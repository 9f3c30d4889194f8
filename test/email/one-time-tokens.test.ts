// One-time tokens on real SQLite and PostgreSQL: hashed at rest, single use under concurrency,
// expiring, and superseded by a newer token of the same purpose.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Clock } from "../../src/runtime/clock.js";
import { createOneTimeTokens, hashOneTimeToken, ONE_TIME_TOKEN_PATTERN, type OneTimeTokens } from "../../src/runtime/one-time-tokens.js";
import { createOneTimeTokenStore } from "../../src/runtime/store/one-time-tokens.js";
import type { PrismaClientLike } from "../../src/runtime/store/prisma.js";
import { createTestDatabase, type TestDatabase } from "../support/databases.js";
import { PROVIDERS } from "../support/prisma-clients.js";

const HOUR = 3_600_000;

describe.each(PROVIDERS)("one-time tokens on %s", (provider) => {
  let db: TestDatabase;
  let tokens: OneTimeTokens;
  let userId: string;
  const clock: Clock & { time: number } = { time: Date.parse("2026-01-01T00:00:00Z"), now: () => new Date(clock.time) };

  beforeAll(async () => {
    db = await createTestDatabase(provider);
    tokens = createOneTimeTokens(createOneTimeTokenStore(db.prisma as unknown as PrismaClientLike), clock);
    userId = (await db.prisma.user.create({ data: { email: "ada@example.com", passwordHash: "x" } })).id;
  });
  afterAll(() => db.drop());

  it("issues 256-bit base64url tokens and stores only their SHA-256", async () => {
    const token = await tokens.issue(userId, "password_reset", HOUR);
    expect(token).toMatch(new RegExp(ONE_TIME_TOKEN_PATTERN));
    expect(Buffer.from(token, "base64url")).toHaveLength(32);
    const rows = await db.prisma.oneTimeToken.findMany({ where: { userId } });
    expect(rows.map((row) => row.tokenHash)).toEqual([hashOneTimeToken(token)]);
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  it("is single use", async () => {
    const token = await tokens.issue(userId, "email_verification", HOUR);
    expect(await tokens.consume(token, "email_verification")).toEqual({ status: "consumed", userId });
    expect(await tokens.consume(token, "email_verification")).toEqual({ status: "used", userId });
  });

  it("lets exactly one of many concurrent consumers win", async () => {
    const token = await tokens.issue(userId, "password_reset", HOUR);
    const results = await Promise.all(Array.from({ length: 8 }, () => tokens.consume(token, "password_reset")));
    expect(results.filter((r) => r.status === "consumed")).toHaveLength(1);
    expect(results.filter((r) => r.status === "used")).toHaveLength(7);
  });

  it("expires after its lifetime", async () => {
    const token = await tokens.issue(userId, "password_reset", HOUR);
    clock.time += HOUR;
    expect(await tokens.consume(token, "password_reset")).toEqual({ status: "expired" });
  });

  it("works until the last millisecond of its lifetime", async () => {
    const token = await tokens.issue(userId, "password_reset", HOUR);
    clock.time += HOUR - 1;
    expect(await tokens.consume(token, "password_reset")).toEqual({ status: "consumed", userId });
  });

  it("is superseded by a newer token of the same purpose, not of another", async () => {
    const older = await tokens.issue(userId, "password_reset", HOUR);
    const verification = await tokens.issue(userId, "email_verification", HOUR);
    clock.time += 1_000;
    const newer = await tokens.issue(userId, "password_reset", HOUR);
    expect(await tokens.consume(older, "password_reset")).toEqual({ status: "invalid" });
    expect(await tokens.consume(newer, "password_reset")).toEqual({ status: "consumed", userId });
    expect(await tokens.consume(verification, "email_verification")).toEqual({ status: "consumed", userId });
  });

  it("refuses a token for another purpose and an unknown token", async () => {
    const token = await tokens.issue(userId, "email_verification", HOUR);
    expect(await tokens.consume(token, "password_reset")).toEqual({ status: "invalid" });
    expect(await tokens.consume("A".repeat(43), "email_verification")).toEqual({ status: "invalid" });
    expect(await tokens.consume(token, "email_verification")).toEqual({ status: "consumed", userId });
  });
});
