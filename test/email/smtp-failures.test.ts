// SMTP down, slow and rejecting: requests still get their normal answer at once, nothing is lost
// (the account exists, the error is logged), and asking again works once SMTP is back.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/databases.js";
import { PROVIDERS } from "../support/prisma-clients.js";
import { buildEmailApp, freePort, linkIn, waitFor, type EmailApp, type LogLine } from "./support/email-app.js";
import { login, pathOf, PUBLIC_URL, register } from "./support/flows.js";
import { startTestSmtpServer, type TestSmtpServer } from "./support/smtp-server.js";

const VERIFY_PREFIX = `${PUBLIC_URL}/jwt-allauth/registration/verification/`;
const ERROR = 50;
const notSent = (what: string) => (line: LogLine) => line.level === ERROR && line.msg === `jwt-allauth: ${what} email not sent`;

/** Fails instead of hanging when the answer waits for something it must not wait for. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what} took over ${ms} ms`)), ms))]);
}

describe.each(PROVIDERS)("SMTP failures on %s", (provider) => {
  let db: TestDatabase;
  let current: EmailApp | undefined;
  let smtp: TestSmtpServer | undefined;
  let counter = 0;
  const nextEmail = () => `smtp${++counter}-${provider}@example.com`;
  const resend = (app: EmailApp["app"], email: string) =>
    app.inject({ method: "POST", url: "/jwt-allauth/registration/resend-verification/", payload: { email } });

  beforeAll(async () => {
    db = await createTestDatabase(provider);
  });
  afterEach(async () => {
    await current?.close();
    await smtp?.close();
    current = smtp = undefined;
  });
  afterAll(() => db.drop());

  it("down: registration answers normally, the error is logged, and resend works once SMTP is up", async () => {
    const port = await freePort();
    current = await buildEmailApp({ provider, db, smtpPort: port, env: { EMAIL_VERIFICATION: "true" } });
    const { app } = current;
    const email = nextEmail();
    const registration = await register(app, email);
    expect(registration.statusCode).toBe(201);
    expect(registration.json()).toEqual({ detail: expect.any(String) });
    const logged = await current.waitForLog(notSent("verification"));
    expect(logged.err?.message).toMatch(/ECONNREFUSED/);
    expect(await db.prisma.user.count({ where: { email } })).toBe(1);

    smtp = await startTestSmtpServer({ port });
    expect((await resend(app, email)).statusCode).toBe(200);
    const link = linkIn((await smtp.waitForMail(email)).mail, VERIFY_PREFIX);
    expect((await app.inject({ method: "GET", url: pathOf(link) })).statusCode).toBe(302);
    expect((await login(app, email)).statusCode).toBe(200);
  });

  it("slow: answers do not wait for SMTP; the email arrives when the server catches up", async () => {
    smtp = await startTestSmtpServer();
    let release!: () => void;
    smtp.stall = new Promise((resolve) => (release = resolve));
    current = await buildEmailApp({ provider, db, smtpPort: smtp.port, env: { EMAIL_VERIFICATION: "true" } });
    const { app } = current;
    const email = nextEmail();

    const registration = await within(register(app, email), 5_000, "registration");
    expect(registration.statusCode).toBe(201);
    const reset = await within(
      app.inject({ method: "POST", url: "/jwt-allauth/password/reset/", payload: { email } }),
      5_000,
      "password reset request",
    );
    expect(reset.statusCode).toBe(200);
    expect(smtp.messages).toHaveLength(0);

    release();
    const server = smtp;
    const both = await waitFor(() => (server.messages.length === 2 ? server.messages : undefined), 10_000, "both emails");
    expect(both.map((m) => m.mail.subject).sort()).toEqual(["Confirm your email address", "Reset your password"]);
    const verification = both.find((m) => m.mail.subject === "Confirm your email address")!;
    const link = linkIn(verification.mail, VERIFY_PREFIX);
    expect((await app.inject({ method: "GET", url: pathOf(link) })).statusCode).toBe(302);
  });

  it("rejecting: the 550 is logged, the answer is normal, and resend works once the server accepts", async () => {
    smtp = await startTestSmtpServer();
    smtp.rejectRecipients = true;
    current = await buildEmailApp({ provider, db, smtpPort: smtp.port, env: { EMAIL_VERIFICATION: "true" } });
    const { app } = current;
    const email = nextEmail();
    expect((await register(app, email)).statusCode).toBe(201);
    expect((await current.waitForLog(notSent("verification"))).err?.message).toMatch(/550/);
    expect((await app.inject({ method: "POST", url: "/jwt-allauth/password/reset/", payload: { email } })).statusCode).toBe(200);
    expect((await current.waitForLog(notSent("password-reset"))).err?.message).toMatch(/550/);

    smtp.rejectRecipients = false;
    expect((await resend(app, email)).statusCode).toBe(200);
    const link = linkIn((await smtp.waitForMail(email)).mail, VERIFY_PREFIX);
    expect((await app.inject({ method: "GET", url: pathOf(link) })).statusCode).toBe(302);
  });

  it("closing the app waits for emails still being sent", async () => {
    smtp = await startTestSmtpServer();
    current = await buildEmailApp({ provider, db, smtpPort: smtp.port, env: { EMAIL_VERIFICATION: "true" } });
    const emails = [nextEmail(), nextEmail(), nextEmail()];
    for (const email of emails) await register(current.app, email);
    await current.app.close();
    expect(smtp.messages.flatMap((m) => m.recipients).sort()).toEqual([...emails].sort());
  });
});
