// Password reset end to end: the email arrives at a real SMTP server, the test opens the form and
// confirms over HTTP, on real SQLite and PostgreSQL.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/databases.js";
import { PROVIDERS } from "../support/prisma-clients.js";
import { buildEmailApp, linkIn, type EmailApp } from "./support/email-app.js";
import { login, PASSWORD, pathOf, PUBLIC_URL, register } from "./support/flows.js";
import { startTestSmtpServer, type TestSmtpServer } from "./support/smtp-server.js";

const FORM_PREFIX = `${PUBLIC_URL}/jwt-allauth/password/reset/default/?token=`;
const NEW_PASSWORD = "a brand new passphrase";

describe.each(PROVIDERS)("password reset on %s", (provider) => {
  let db: TestDatabase;
  let smtp: TestSmtpServer;
  let current: EmailApp | undefined;
  let counter = 0;
  const nextEmail = () => `reset${++counter}-${provider}@example.com`;
  const boot = async (env: Record<string, string> = {}) => {
    current = await buildEmailApp({ provider, db, smtpPort: smtp.port, env });
    return current.app;
  };
  const requestReset = (app: EmailApp["app"], email: string, headers: Record<string, string> = {}) =>
    app.inject({ method: "POST", url: "/jwt-allauth/password/reset/", headers, payload: { email } });
  const confirm = (app: EmailApp["app"], token: string, newPassword = NEW_PASSWORD) =>
    app.inject({ method: "POST", url: "/jwt-allauth/password/reset/confirm/", payload: { token, newPassword } });
  const tokenOf = (link: string) => new URL(link).searchParams.get("token")!;
  /** Registers, then asks for a reset; returns the link of the reset email. */
  const resetLinkFor = async (app: EmailApp["app"], email: string) => {
    await register(app, email);
    smtp.messages.length = 0;
    await requestReset(app, email);
    return linkIn((await smtp.waitForMail(email)).mail, FORM_PREFIX);
  };

  beforeAll(async () => {
    db = await createTestDatabase(provider);
    smtp = await startTestSmtpServer();
  });
  afterEach(async () => {
    vi.useRealTimers();
    await current?.close();
    current = undefined;
  });
  afterAll(async () => {
    await smtp.close();
    await db.drop();
  });

  it("mails a link to the form; the form does not use the token; confirm sets the password and ends every session", async () => {
    const app = await boot();
    const email = nextEmail();
    const { refresh } = (await register(app, email)).json();
    const answer = await requestReset(app, email);
    expect(answer.statusCode).toBe(200);

    const { recipients, mail } = await smtp.waitForMail(email);
    expect(recipients).toEqual([email]);
    expect(mail.subject).toBe("Reset your password");
    expect(mail.text).toContain("expires in 1 hour");
    expect(mail.html).toContain("Choose a new password</a>");
    const link = linkIn(mail, FORM_PREFIX);
    expect(tokenOf(link)).toMatch(/^[A-Za-z0-9_-]{43}$/);

    // Mail scanners open links: showing the form twice must leave the token usable.
    for (let i = 0; i < 2; i++) {
      const form = await app.inject({ method: "GET", url: pathOf(link) });
      expect(form.statusCode).toBe(200);
      expect(form.body).toContain('autocomplete="new-password"');
      expect(form.headers["content-security-policy"]).toMatch(/script-src 'nonce-[A-Za-z0-9+/=]+'/);
      expect(form.headers["referrer-policy"]).toBe("no-referrer");
    }

    const confirmed = await confirm(app, tokenOf(link));
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json()).toEqual({ detail: expect.any(String) });

    expect((await login(app, email)).statusCode).toBe(401);
    expect((await login(app, email, NEW_PASSWORD)).statusCode).toBe(200);
    const refreshed = await app.inject({ method: "POST", url: "/jwt-allauth/refresh/", payload: { refresh } });
    expect(refreshed.json()).toMatchObject({ statusCode: 401, code: "token_not_valid" });
    const user = await db.prisma.user.findUniqueOrThrow({ where: { email } });
    expect(user.emailVerified).toBe(true);
    const audit = await db.prisma.auditEvent.findMany({ where: { userId: user.id, type: "password_reset" } });
    expect(audit).toHaveLength(1);

    const reused = await confirm(app, tokenOf(link), "yet another passphrase");
    expect(reused.json()).toMatchObject({ statusCode: 400, code: "link_used" });
    expect(reused.json().message).toMatch(/^token: /);
    // Opened again after use: the page says so at once instead of showing the form.
    const usedPage = await app.inject({ method: "GET", url: pathOf(link) });
    expect(usedPage.statusCode).toBe(400);
    expect(usedPage.body).toContain("This reset link has already been used");
    expect(usedPage.body).not.toContain('autocomplete="new-password"');
  });

  it("answers the same for unknown, inactive and known addresses, and mails only the known active one", async () => {
    const app = await boot();
    const known = nextEmail();
    const inactive = nextEmail();
    await register(app, known);
    await register(app, inactive);
    await db.prisma.user.update({ where: { email: inactive }, data: { isActive: false } });
    smtp.messages.length = 0;
    const answers = await Promise.all([known, inactive, nextEmail()].map((email) => requestReset(app, email)));
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200]);
    expect(new Set(answers.map((a) => a.body)).size).toBe(1);
    await current!.app.close();
    expect(smtp.messages.map((m) => m.recipients)).toEqual([[known]]);
  });

  it("refuses a weak password without using the token, so the user can try again", async () => {
    const app = await boot();
    const link = await resetLinkFor(app, nextEmail());
    const weak = await confirm(app, tokenOf(link), "password123");
    expect(weak.json()).toMatchObject({ statusCode: 400, code: "password_too_common" });
    expect((await confirm(app, tokenOf(link), "short")).json()).toMatchObject({ code: "password_too_short" });
    expect((await confirm(app, tokenOf(link))).statusCode).toBe(200);
  });

  it("expires after PASSWORD_RESET_TOKEN_LIFETIME", async () => {
    const app = await boot({ PASSWORD_RESET_TOKEN_LIFETIME: "30m" });
    const email = nextEmail();
    const link = await resetLinkFor(app, email);
    expect((await smtp.waitForMail(email)).mail.text).toContain("expires in 30 minutes");
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + 30 * 60_000);
    const expiredPage = await app.inject({ method: "GET", url: pathOf(link) });
    expect(expiredPage.statusCode).toBe(400);
    expect(expiredPage.body).toContain("This reset link has expired");
    expect(expiredPage.body).toContain("Email me a new link");
    expect((await confirm(app, tokenOf(link))).json()).toMatchObject({ statusCode: 400, code: "link_expired" });
  });

  it("lets a newer request supersede the older link", async () => {
    const app = await boot();
    const email = nextEmail();
    const older = await resetLinkFor(app, email);
    smtp.messages.length = 0;
    await new Promise((resolve) => setTimeout(resolve, 5)); // a later creation instant than the older token
    await requestReset(app, email);
    const newer = linkIn((await smtp.waitForMail(email)).mail, FORM_PREFIX);
    expect((await confirm(app, tokenOf(older))).json()).toMatchObject({ code: "link_invalid" });
    expect((await confirm(app, tokenOf(newer))).statusCode).toBe(200);
  });

  it("refuses a verification key as a reset token", async () => {
    const app = await boot({ EMAIL_VERIFICATION: "true" });
    const email = nextEmail();
    await register(app, email);
    const key = linkIn((await smtp.waitForMail(email)).mail, `${PUBLIC_URL}/jwt-allauth/registration/verification/`).split("/").at(-2)!;
    expect((await confirm(app, key)).json()).toMatchObject({ code: "link_invalid" });
  });

  it("links to PASSWORD_RESET_REDIRECT when set, keeping its query", async () => {
    const app = await boot({ PASSWORD_RESET_REDIRECT: "https://app.acme.test/reset?from=email" });
    const email = nextEmail();
    await register(app, email);
    await requestReset(app, email);
    const link = linkIn((await smtp.waitForMail(email)).mail, "https://app.acme.test/reset?from=email&token=");
    expect((await confirm(app, tokenOf(link))).statusCode).toBe(200);
  });

  it("builds the link from PUBLIC_URL, never from a hostile Host header", async () => {
    const app = await boot();
    const email = nextEmail();
    await register(app, email);
    await requestReset(app, email, { host: "evil.example", "x-forwarded-host": "evil.example", "x-forwarded-proto": "http" });
    const { mail } = await smtp.waitForMail(email);
    expect(linkIn(mail, FORM_PREFIX)).toMatch(/^https:\/\/auth\.acme\.test\//);
    expect(`${mail.text}${mail.html}`).not.toContain("evil.example");
  });

  it("is rate limited per address, also across client IPs", async () => {
    const app = await boot({ RATE_LIMIT: "true" });
    const email = nextEmail();
    const codes: number[] = [];
    for (let i = 0; i < 6; i++) {
      codes.push((await app.inject({ method: "POST", url: "/jwt-allauth/password/reset/", remoteAddress: `10.1.0.${i + 1}`, payload: { email } })).statusCode);
    }
    expect(codes).toEqual([200, 200, 200, 200, 200, 429]);
  });

  it("voids a pending reset link when the password is changed, so a link mailed before the change cannot undo it", async () => {
    const app = await boot();
    const email = nextEmail();
    const link = await resetLinkFor(app, email);
    const { access } = (await login(app, email)).json();
    const changed = await app.inject({
      method: "POST",
      url: "/jwt-allauth/password/change/",
      headers: { authorization: `Bearer ${access}` },
      payload: { oldPassword: PASSWORD, newPassword: NEW_PASSWORD },
    });
    expect(changed.statusCode).toBe(200);
    expect((await confirm(app, tokenOf(link), "yet another passphrase")).json()).toMatchObject({ code: "link_invalid" });
    expect((await login(app, email, NEW_PASSWORD)).statusCode).toBe(200);
  });

  it("keeps the old password working until the link is used", async () => {
    const app = await boot();
    const email = nextEmail();
    await resetLinkFor(app, email);
    expect((await login(app, email, PASSWORD)).statusCode).toBe(200);
  });
});
