// Issue 8, items 3, 4 and 5: what a rate-limit counter is keyed on and who can flush it. Behind a
// trusted proxy (X-Forwarded-For), one IPv6 /64 is one client and ::ffff:a.b.c.d is a.b.c.d; an
// account's counter survives a flood of other keys; the "account exists" email and password
// guessing with an access token are limited per account.
import Fastify, { type FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import jwtAllauth, { loadSettings } from "../../src/runtime/index.js";
import { KEYS_PER_LIMITER, RATE_LIMITS } from "../../src/runtime/routes/rate-limits.js";
import { PROVIDERS } from "../support/prisma-clients.js";
import { bearer, RecordingMailer, register, signUp, testEnv, uniqueEmail, useApp } from "../runtime/support/app.js";

const PROXY = "127.0.0.1"; // inject's default remote address: the trusted proxy

describe.each(PROVIDERS)("rate-limit keys on %s", (provider) => {
  const context = useApp(provider);
  const mailer = new RecordingMailer();
  let app: FastifyInstance;

  beforeAll(async () => {
    app = Fastify({ logger: false, trustProxy: PROXY });
    const settings = loadSettings(testEnv({ RATE_LIMIT: "true", EMAIL_VERIFICATION: "true" }));
    await app.register(jwtAllauth, { prisma: context.database.prisma, settings, mailer });
    await app.ready();
  });
  afterAll(() => app.close());

  const from = (client: string) => ({ "x-forwarded-for": client });
  const loginFrom = (client: string, email = uniqueEmail()) =>
    app.inject({ method: "POST", url: "/jwt-allauth/login/", payload: { email, password: "wrong password" }, headers: from(client) });

  it("counts one IPv6 /64 as one client", async () => {
    for (let i = 1; i <= RATE_LIMITS.login.max; i++) expect((await loginFrom(`2001:db8:1:1::${i.toString(16)}`)).statusCode).toBe(401);
    expect((await loginFrom("2001:db8:1:1:ffff:ffff:ffff:ffff")).statusCode).toBe(429);
    // The next /64 is another client.
    expect((await loginFrom("2001:db8:1:2::1")).statusCode).toBe(401);

    const signUpFrom = (i: number) =>
      app.inject({ method: "POST", url: "/jwt-allauth/registration/", payload: { email: "not-an-email", password: "x" }, headers: from(`2001:db8:2:2::${i}`) });
    for (let i = 1; i <= RATE_LIMITS.registration.max; i++) expect((await signUpFrom(i)).statusCode).toBe(400);
    expect((await signUpFrom(999)).statusCode).toBe(429);
  });

  it("counts ::ffff:a.b.c.d and a.b.c.d as one client", async () => {
    const half = RATE_LIMITS.login.max / 2;
    for (let i = 0; i < half; i++) expect((await loginFrom("192.0.2.7")).statusCode).toBe(401);
    for (let i = 0; i < half; i++) expect((await loginFrom("::ffff:192.0.2.7")).statusCode).toBe(401);
    expect((await loginFrom("192.0.2.7")).statusCode).toBe(429);
  });

  // The counters live in memory, not in the database: one provider is enough for the 5,001 requests.
  it.runIf(provider === "sqlite")("keeps an account's counter through more requests for other accounts than the old 5,000-key store held", async () => {
    const victim = uniqueEmail("victim");
    const reset = (email: string, client: string) =>
      app.inject({ method: "POST", url: "/jwt-allauth/password/reset/", payload: { email }, headers: from(client) });
    for (let i = 0; i < RATE_LIMITS.passwordReset.max; i++) expect((await reset(victim, `198.51.100.${i + 1}`)).statusCode).toBe(200);
    expect((await reset(victim, "198.51.100.99")).statusCode).toBe(429);
    // 5,001 other accounts from rotating addresses (each within its per-IP limit).
    const flood = 5_001;
    expect(flood).toBeLessThan(KEYS_PER_LIMITER);
    for (let i = 0; i < flood; i++) await reset(`other${i}@example.com`, `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);
    expect((await reset(victim, "203.0.113.1")).statusCode).toBe(429);
  });

  it("sends at most 5 registration emails per address (the verification, then account-exists notices), with the same answer every time", async () => {
    const email = uniqueEmail("owner");
    expect((await register(app, email)).statusCode).toBe(201);
    const answers = new Set<string>();
    for (let i = 0; i < RATE_LIMITS.registrationEmail.max + 7; i++) {
      const response = await app.inject({ method: "POST", url: "/jwt-allauth/registration/", payload: { email, password: "another passphrase" }, headers: from(`192.0.2.${100 + i}`) });
      answers.add(`${response.statusCode} ${response.body}`);
    }
    expect(answers.size).toBe(1);
    await app.close(); // drains the outbox: every email has been handed over
    const notices = mailer.sent.filter((mail) => mail.to === email && mail.subject === "You already have an account");
    expect(notices).toHaveLength(RATE_LIMITS.registrationEmail.max - 1);
  });
});

describe.each(PROVIDERS)("password guessing with an access token on %s", (provider) => {
  const context = useApp(provider, { RATE_LIMIT: "true" });

  it("limits wrong current passwords per account from any address, then ends the session", async () => {
    const app = context.app;
    const user = await signUp(app);
    const change = (i: number) =>
      app.inject({
        method: "POST",
        url: "/jwt-allauth/password/change/",
        headers: bearer(user.access),
        payload: { oldPassword: `guess ${i}`, newPassword: "a new passphrase" },
        remoteAddress: `10.20.0.${i}`,
      });
    for (let i = 1; i <= RATE_LIMITS.passwordChangeAccount.max; i++) expect((await change(i)).json()).toMatchObject({ code: "wrong_password" });
    expect((await change(99)).json()).toMatchObject({ statusCode: 429, code: "rate_limited" });
    const refresh = await app.inject({ method: "POST", url: "/jwt-allauth/refresh/", payload: { refresh: user.refresh } });
    expect(refresh.json()).toMatchObject({ statusCode: 401, code: "token_not_valid" });
  });
});
