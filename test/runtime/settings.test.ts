// loadSettings: defaults, parsing, and refusals that name the variable.
import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { loadSettings, parseDuration } from "../../src/runtime/index.js";
import { makeEd25519Key, refusal, testEnv, TEST_KEY } from "./support/app.js";

describe("loadSettings", () => {
  it("applies the documented defaults", () => {
    const settings = loadSettings({ JWT_PRIVATE_KEY: TEST_KEY.privatePem, JWT_KEY_ID: TEST_KEY.kid });
    expect(settings.environment).toBe("development");
    expect(settings.publicUrl).toBe("http://localhost:3000");
    expect(settings.jwt.algorithm).toBe("EdDSA");
    expect(settings.jwt.issuer).toBe("http://localhost:3000");
    expect(settings.jwt.audience).toBe("jwt-allauth");
    expect(settings.jwt.accessTokenLifetime).toBe(5 * 60_000);
    expect(settings.jwt.refreshTokenLifetime).toBe(14 * 86_400_000);
    expect(settings.jwt.refreshGracePeriod).toBe(10_000);
    expect(settings.jwt.sessionMaxLifetime).toBeUndefined();
    expect(settings.jwt.accessSessionCheck).toBe(false);
    expect(settings.refreshTokenTransport).toBe("body");
    expect(settings.email.verification).toBe("none");
    expect(settings.email.verificationTokenLifetime).toBe(3 * 86_400_000);
    expect(settings.email.passwordResetTokenLifetime).toBe(3_600_000);
    expect(settings.email.smtp).toBeUndefined();
    expect(settings.email.defaultFrom).toBe("webmaster@localhost");
    expect(settings.rateLimit).toEqual({ enabled: true, redisUrl: undefined });
    expect(Object.isFrozen(settings.jwt)).toBe(true);
  });

  it("reads every variable", () => {
    const settings = loadSettings(
      testEnv({
        NODE_ENV: "production",
        PUBLIC_URL: "https://api.example.com/",
        JWT_ISSUER: "https://issuer.example.com",
        JWT_AUDIENCE: "my-app",
        JWT_ACCESS_TOKEN_LIFETIME: "90",
        JWT_REFRESH_TOKEN_LIFETIME: "2h",
        JWT_REFRESH_GRACE_PERIOD: "30s",
        JWT_SESSION_MAX_LIFETIME: "30d",
        JWT_ACCESS_SESSION_CHECK: "true",
        REFRESH_TOKEN_TRANSPORT: "both",
        EMAIL_VERIFICATION: "true",
        EMAIL_VERIFICATION_TOKEN_LIFETIME: "1d",
        PASSWORD_RESET_TOKEN_LIFETIME: "15m",
        EMAIL_HOST: "smtp.example.com",
        EMAIL_PORT: "465",
        EMAIL_HOST_USER: "me",
        EMAIL_HOST_PASSWORD: "secret",
        EMAIL_USE_TLS: "true",
        DEFAULT_FROM_EMAIL: "noreply@example.com",
        EMAIL_VERIFIED_REDIRECT: "https://app.example.com/verified",
        PASSWORD_RESET_REDIRECT: "https://app.example.com/reset",
        JWT_ALLAUTH_TEMPLATES: '{"PASS_RESET_EMAIL":"templates/email/reset.ejs"}',
        RATE_LIMIT: "false",
        REDIS_URL: "redis://127.0.0.1:6379",
      }),
    );
    expect(settings.production).toBe(true);
    expect(settings.publicUrl).toBe("https://api.example.com");
    expect(settings.jwt).toMatchObject({
      issuer: "https://issuer.example.com",
      audience: "my-app",
      accessTokenLifetime: 90_000,
      refreshTokenLifetime: 7_200_000,
      refreshGracePeriod: 30_000,
      sessionMaxLifetime: 30 * 86_400_000,
      accessSessionCheck: true,
    });
    expect(settings.refreshTokenTransport).toBe("both");
    expect(settings.email).toMatchObject({
      verification: "mandatory",
      verificationTokenLifetime: 86_400_000,
      passwordResetTokenLifetime: 900_000,
      smtp: { host: "smtp.example.com", port: 465, user: "me", password: "secret", useTls: true },
      defaultFrom: "noreply@example.com",
      verifiedRedirect: "https://app.example.com/verified",
      passwordResetRedirect: "https://app.example.com/reset",
      templates: { PASS_RESET_EMAIL: "templates/email/reset.ejs" },
    });
    expect(settings.rateLimit).toEqual({ enabled: false, redisUrl: "redis://127.0.0.1:6379" });
    expect(loadSettings(testEnv({ EMAIL_VERIFICATION: "optional" })).email.verification).toBe("optional");
  });

  it("accepts a private key written on one line with literal \\n", () => {
    const oneLine = TEST_KEY.privatePem.replace(/\n/g, "\\n");
    expect(loadSettings(testEnv({ JWT_PRIVATE_KEY: oneLine })).jwt.verificationKeys.has(TEST_KEY.kid)).toBe(true);
  });

  it("parses durations", () => {
    expect(parseDuration("X", "45")).toBe(45_000);
    expect(parseDuration("X", "30s")).toBe(30_000);
    expect(parseDuration("X", "5m")).toBe(300_000);
    expect(parseDuration("X", "2h")).toBe(7_200_000);
    expect(parseDuration("X", "14d")).toBe(14 * 86_400_000);
    for (const bad of ["", "5 minutes", "-1", "0", "1.5h", "1w"]) expect(() => parseDuration("X", bad)).toThrow(/^X /);
  });

  const retired = makeEd25519Key("old");
  const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  it.each([
    ["JWT_ALGORITHM", { JWT_ALGORITHM: "RS256" }],
    ["JWT_ALGORITHM", { JWT_ALGORITHM: "none" }],
    ["JWT_PRIVATE_KEY", { JWT_PRIVATE_KEY: undefined }],
    ["JWT_PRIVATE_KEY", { JWT_PRIVATE_KEY: "not a key" }],
    ["JWT_PRIVATE_KEY", { JWT_PRIVATE_KEY: rsa }],
    ["JWT_KEY_ID", { JWT_KEY_ID: "" }],
    ["JWT_PUBLIC_KEYS", { JWT_PUBLIC_KEYS: "[1]" }],
    ["JWT_PUBLIC_KEYS", { JWT_PUBLIC_KEYS: JSON.stringify({ old: "garbage" }) }],
    ["JWT_SECRET", { JWT_ALGORITHM: "HS256" }],
    ["JWT_SECRET", { JWT_ALGORITHM: "HS256", JWT_SECRET: "a".repeat(31) }],
    ["JWT_ACCESS_TOKEN_LIFETIME", { JWT_ACCESS_TOKEN_LIFETIME: "soon" }],
    ["JWT_REFRESH_TOKEN_LIFETIME", { JWT_REFRESH_TOKEN_LIFETIME: "0" }],
    ["JWT_REFRESH_GRACE_PERIOD", { JWT_REFRESH_GRACE_PERIOD: "ten" }],
    ["JWT_SESSION_MAX_LIFETIME", { JWT_SESSION_MAX_LIFETIME: "forever" }],
    ["JWT_ACCESS_SESSION_CHECK", { JWT_ACCESS_SESSION_CHECK: "yes" }],
    ["REFRESH_TOKEN_TRANSPORT", { REFRESH_TOKEN_TRANSPORT: "header" }],
    ["EMAIL_VERIFICATION", { EMAIL_VERIFICATION: "mandatory" }],
    ["EMAIL_PORT", { EMAIL_HOST: "smtp.example.com", EMAIL_PORT: "99999" }],
    ["EMAIL_USE_TLS", { EMAIL_HOST: "smtp.example.com", EMAIL_USE_TLS: "maybe" }],
    ["EMAIL_HOST", { NODE_ENV: "production", PUBLIC_URL: "https://api.example.com" }],
    ["NODE_ENV", { NODE_ENV: "staging" }],
    ["PUBLIC_URL", { PUBLIC_URL: "not a url" }],
    ["PUBLIC_URL", { PUBLIC_URL: "ftp://example.com" }],
    ["EMAIL_VERIFIED_REDIRECT", { EMAIL_VERIFIED_REDIRECT: "/relative" }],
    ["PASSWORD_RESET_REDIRECT", { PASSWORD_RESET_REDIRECT: "javascript:alert(1)" }],
    ["JWT_ALLAUTH_TEMPLATES", { JWT_ALLAUTH_TEMPLATES: "{" }],
    ["JWT_ALLAUTH_TEMPLATES", { JWT_ALLAUTH_TEMPLATES: '{"UNKNOWN":"x.ejs"}' }],
    ["RATE_LIMIT", { RATE_LIMIT: "off" }],
    ["REDIS_URL", { REDIS_URL: "http://127.0.0.1:6379" }],
  ])("refuses a bad %s with a message naming it", (variable, overrides) => {
    const error = refusal(testEnv(overrides as Record<string, string>));
    expect(error.variable).toBe(variable);
    expect(error.message.startsWith(`${variable} `)).toBe(true);
  });

  it("accepts a strong HS256 secret and retired Ed25519 keys", () => {
    const hs = loadSettings(testEnv({ JWT_ALGORITHM: "HS256", JWT_SECRET: "HS256 test secret, not for production: 9f2Kq7LmZx4Wb8Tn", JWT_PRIVATE_KEY: undefined }));
    expect(hs.jwt.algorithm).toBe("HS256");
    const rotated = loadSettings(testEnv({ JWT_PUBLIC_KEYS: JSON.stringify({ old: retired.publicPem.replace(/\n/g, "\\n") }) }));
    expect([...rotated.jwt.verificationKeys.keys()].sort()).toEqual(["old", TEST_KEY.kid].sort());
  });
});
