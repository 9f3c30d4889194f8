// Issue 8, item 8: settings that are unsafe in production stop the boot with one line naming the
// variable, or, where refusing would be wrong (a gateway may rate-limit for us), warn at boot.
import { randomBytes } from "node:crypto";
import Fastify from "fastify";
import { describe, expect, it } from "vitest";
import jwtAllauth, { loadSettings, type Env } from "../../src/runtime/index.js";
import { createTestDatabase } from "../support/databases.js";
import { refusal, testEnv } from "../runtime/support/app.js";

/** What a careful production deployment sets. */
const production = (overrides: Env = {}): Env =>
  testEnv({ NODE_ENV: "production", PUBLIC_URL: "https://api.example.com", EMAIL_HOST: "smtp.example.com", RATE_LIMIT: "true", ...overrides });

describe("production settings", () => {
  it("accepts a careful production configuration without warnings", () => {
    expect(loadSettings(production()).warnings).toEqual([]);
  });

  it.each([
    ["PUBLIC_URL", { PUBLIC_URL: undefined }, /^PUBLIC_URL must be set .*NODE_ENV=production/],
    ["PUBLIC_URL", { PUBLIC_URL: "http://api.example.com" }, /^PUBLIC_URL must be an https:\/\/ URL when NODE_ENV=production/],
  ])("refuses %s: %j", (variable, overrides, message) => {
    const error = refusal(production(overrides));
    expect(error.variable).toBe(variable);
    expect(error.message).toMatch(message);
  });

  it.each([
    ["a".repeat(64)],
    ["ab".repeat(32)],
    ["0123456789".repeat(4)],
  ])("refuses the low-entropy HS256 secret %s, in every environment", (secret) => {
    for (const env of [testEnv(), production()]) {
      const error = refusal({ ...env, JWT_ALGORITHM: "HS256", JWT_SECRET: secret, JWT_PRIVATE_KEY: undefined });
      expect(error.message).toMatch(/^JWT_SECRET .*openssl rand -base64 32/);
    }
  });

  it("accepts a random HS256 secret", () => {
    for (const secret of [randomBytes(32).toString("base64"), randomBytes(32).toString("hex"), randomBytes(48).toString("base64url")]) {
      expect(loadSettings(testEnv({ JWT_ALGORITHM: "HS256", JWT_SECRET: secret, JWT_PRIVATE_KEY: undefined })).jwt.algorithm).toBe("HS256");
    }
  });

  it("bounds the refresh grace period to a minute, in every environment", () => {
    expect(refusal(testEnv({ JWT_REFRESH_GRACE_PERIOD: "2h" })).message).toMatch(/^JWT_REFRESH_GRACE_PERIOD must be at most 1 minute/);
    expect(loadSettings(testEnv({ JWT_REFRESH_GRACE_PERIOD: "60s" })).jwt.refreshGracePeriod).toBe(60_000);
  });

  it("warns, naming the variable, when production trusts every proxy hop", () => {
    expect(loadSettings(production({ TRUST_PROXY: "true" })).warnings).toEqual([expect.stringMatching(/^TRUST_PROXY=true .*TRUST_PROXY=10\.0\.0\.0\/8/)]);
    expect(loadSettings(production({ TRUST_PROXY: "10.0.0.0/8" })).warnings).toEqual([]);
    expect(loadSettings(testEnv({ TRUST_PROXY: "true" })).warnings).toEqual([]);
  });

  it("warns at boot, naming the variable, when production turns the rate limits off", async () => {
    const settings = loadSettings(production({ RATE_LIMIT: "false" }));
    expect(settings.warnings).toEqual([expect.stringMatching(/^RATE_LIMIT=false /)]);
    expect(loadSettings(testEnv({ RATE_LIMIT: "false" })).warnings).toEqual([]);

    const database = await createTestDatabase("sqlite");
    const lines: Array<{ level: number; msg: string }> = [];
    const app = Fastify({ logger: { level: "warn", stream: { write: (line: string) => void lines.push(JSON.parse(line)) } } });
    try {
      await app.register(jwtAllauth, { prisma: database.prisma, settings });
      await app.ready();
      expect(lines).toContainEqual(expect.objectContaining({ level: 40, msg: expect.stringMatching(/^RATE_LIMIT=false /) }));
    } finally {
      await app.close();
      await database.drop();
    }
  });
});
