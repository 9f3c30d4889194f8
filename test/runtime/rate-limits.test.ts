// Built-in rate limits: on by default for login (per IP and per account), registration, refresh
// and password change; shared through Redis when REDIS_URL is set; RATE_LIMIT=false turns them off.
import { randomBytes } from "node:crypto";
import Fastify, { type FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import jwtAllauth, { loadSettings } from "../../src/runtime/index.js";
import { RATE_LIMITS } from "../../src/runtime/routes/rate-limits.js";
import { freePort } from "../e2e/support/project.js";
import { PROVIDERS } from "../support/prisma-clients.js";
import { bearer, buildApp, login, register, signUp, testEnv, uniqueEmail, useApp } from "./support/app.js";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

describe.each(PROVIDERS)("rate limits on %s", (provider) => {
  const context = useApp(provider);
  const fromIp = (ip: string) => ({ remoteAddress: ip });
  const attempt = (app: FastifyInstance, email: string, ip: string) =>
    app.inject({ method: "POST", url: "/jwt-allauth/login/", payload: { email, password: "wrong password" }, ...fromIp(ip) });

  describe("when on (the default)", () => {
    let app: FastifyInstance;
    beforeAll(async () => {
      app = await buildApp(context.database, { RATE_LIMIT: "true" });
    });
    afterAll(() => app.close());

    it("limits login attempts per account, whatever the IP", async () => {
      const email = uniqueEmail();
      const { max } = RATE_LIMITS.loginAccount;
      for (let i = 0; i < max; i++) expect((await attempt(app, email, `10.0.0.${i + 1}`)).statusCode).toBe(401);
      const limited = await attempt(app, email, "10.0.1.1");
      expect(limited.statusCode).toBe(429);
      expect(limited.json()).toMatchObject({ statusCode: 429, code: "rate_limited", error: "Too Many Requests" });
      expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
      // The same account in another case and with spaces is the same account.
      expect((await attempt(app, ` ${email.toUpperCase()}`, "10.0.1.2")).statusCode).toBe(429);
      // Another account from the same IP is not affected.
      expect((await attempt(app, uniqueEmail(), "10.0.1.1")).statusCode).toBe(401);
    });

    it("limits login attempts per IP, across accounts", async () => {
      const ip = "10.1.0.1";
      for (let i = 0; i < RATE_LIMITS.login.max; i++) expect((await attempt(app, uniqueEmail(), ip)).statusCode).toBe(401);
      expect((await attempt(app, uniqueEmail(), ip)).statusCode).toBe(429);
      expect((await attempt(app, uniqueEmail(), "10.1.0.2")).statusCode).toBe(401);
    });

    it("counts /login and /login/ as one route", async () => {
      const ip = "10.2.0.1";
      for (let i = 0; i < RATE_LIMITS.login.max; i++) {
        const url = i % 2 ? "/jwt-allauth/login" : "/jwt-allauth/login/";
        await app.inject({ method: "POST", url, payload: { email: uniqueEmail(), password: "x" }, ...fromIp(ip) });
      }
      expect((await attempt(app, uniqueEmail(), ip)).statusCode).toBe(429);
    });

    it("limits registration, refresh and password change per IP", async () => {
      const ip = "10.3.0.1";
      const user = await signUp(app);
      let refresh = user.refresh;
      for (let i = 0; i < RATE_LIMITS.refresh.max; i++) {
        const response = await app.inject({ method: "POST", url: "/jwt-allauth/refresh/", payload: { refresh }, ...fromIp(ip) });
        refresh = response.json().refresh;
      }
      expect((await app.inject({ method: "POST", url: "/jwt-allauth/refresh/", payload: { refresh }, ...fromIp(ip) })).statusCode).toBe(429);

      const badRegistration = { email: "not-an-email", password: "x" };
      for (let i = 0; i < RATE_LIMITS.registration.max; i++) {
        await app.inject({ method: "POST", url: "/jwt-allauth/registration/", payload: badRegistration, ...fromIp(ip) });
      }
      expect((await app.inject({ method: "POST", url: "/jwt-allauth/registration/", payload: badRegistration, ...fromIp(ip) })).statusCode).toBe(429);

      const change = () =>
        app.inject({ method: "POST", url: "/jwt-allauth/password/change/", headers: bearer(user.access), payload: { oldPassword: "x", newPassword: "y" }, ...fromIp(ip) });
      for (let i = 0; i < RATE_LIMITS.passwordChange.max; i++) await change();
      expect((await change()).statusCode).toBe(429);
    });
  });

  it("is off with RATE_LIMIT=false", async () => {
    const email = uniqueEmail();
    for (let i = 0; i <= RATE_LIMITS.loginAccount.max + 2; i++) expect((await attempt(context.app, email, "10.9.0.1")).statusCode).toBe(401);
  });

  it("shares counters between app instances through Redis (REDIS_URL)", async () => {
    const env = { RATE_LIMIT: "true", REDIS_URL };
    const [first, second] = [await buildApp(context.database, env), await buildApp(context.database, env)];
    try {
      // A random account, so counters left in Redis by earlier runs cannot interfere.
      const email = `redis-${randomBytes(6).toString("hex")}@example.com`;
      const { max } = RATE_LIMITS.loginAccount;
      for (let i = 0; i < max; i++) expect((await attempt(i % 2 ? first : second, email, `10.4.0.${i + 1}`)).statusCode).toBe(401);
      expect((await attempt(first, email, "10.4.1.1")).statusCode).toBe(429);
      expect((await attempt(second, email, "10.4.1.2")).statusCode).toBe(429);
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });

  it("falls back to this instance's memory while Redis is unreachable: logins still answer, the limits still hold, one warning", async () => {
    const warnings: string[] = [];
    const app = Fastify({ logger: { level: "warn", stream: { write: (line: string) => warnings.push(JSON.parse(line).msg) } } });
    // A port where nothing listens: Redis is down from the start.
    await app.register(jwtAllauth, { prisma: context.database.prisma, settings: loadSettings(testEnv({ RATE_LIMIT: "true", REDIS_URL: `redis://127.0.0.1:${await freePort()}` })) });
    try {
      const email = uniqueEmail();
      const { max } = RATE_LIMITS.loginAccount;
      for (let i = 0; i < max; i++) expect((await attempt(app, email, `10.6.0.${i + 1}`)).statusCode).toBe(401);
      expect((await attempt(app, email, "10.6.1.1")).statusCode).toBe(429);
      expect(warnings.filter((message) => message.includes("Redis is unreachable"))).toHaveLength(1);
    } finally {
      await app.close();
    }
  });

  it("counts refused registrations too, so bad bodies are no way around the limit", async () => {
    const app = await buildApp(context.database, { RATE_LIMIT: "true" });
    try {
      const ip = "10.5.0.1";
      for (let i = 0; i < RATE_LIMITS.registration.max; i++) {
        await app.inject({ method: "POST", url: "/jwt-allauth/registration/", payload: { email: uniqueEmail(), password: "x" }, ...fromIp(ip) });
      }
      const response = await app.inject({ method: "POST", url: "/jwt-allauth/registration/", payload: { email: uniqueEmail(), password: "a fine passphrase" }, ...fromIp(ip) });
      expect(response.statusCode).toBe(429);
      expect((await register(app)).statusCode).toBe(201);
      expect((await login(app, uniqueEmail())).statusCode).toBe(401);
    } finally {
      await app.close();
    }
  });
});
