// Issue 8, item 2: pre-account takeover. An attacker registers the victim's address with a
// password of their own before the victim does. The owner must end up with the account and the
// attacker with nothing: in mandatory mode the "account exists" email sends the owner to a
// password reset (never to re-confirm the attacker's account); in optional mode verifying the
// address ends every session opened before it. Item 7 too: names an attacker chose never appear
// in mail to an address nobody has verified.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/databases.js";
import { PROVIDERS } from "../support/prisma-clients.js";
import { buildEmailApp, linkIn, type EmailApp } from "../email/support/email-app.js";
import { claimsOf, login, pathOf, PUBLIC_URL } from "../email/support/flows.js";
import { startTestSmtpServer, type TestSmtpServer } from "../email/support/smtp-server.js";

const ATTACKER_PASSWORD = "attacker chose this one";
const OWNER_PASSWORD = "the owner's own passphrase";
const SPAM_NAME = "Claim your prize at https://evil.test/win";

describe.each(PROVIDERS)("pre-account takeover on %s", (provider) => {
  let db: TestDatabase;
  let smtp: TestSmtpServer;
  let current: EmailApp | undefined;
  let counter = 0;
  const victimEmail = () => `victim${++counter}-${provider}@example.com`;
  const boot = async (verification: string) => {
    current = await buildEmailApp({ provider, db, smtpPort: smtp.port, env: { EMAIL_VERIFICATION: verification } });
    return current.app;
  };
  const signUp = (app: EmailApp["app"], email: string, password: string) =>
    app.inject({ method: "POST", url: "/jwt-allauth/registration/", payload: { email, password, firstName: SPAM_NAME } });
  /** The messages to `to` once `count` have arrived, by subject (the outbox sends in no set order). */
  const mailsTo = async (to: string, count: number) => {
    for (let i = 0; i < 500 && smtp.messages.filter((m) => m.recipients.includes(to)).length < count; i++) await new Promise((r) => setTimeout(r, 20));
    return smtp.messages
      .filter((m) => m.recipients.includes(to))
      .map((m) => m.mail)
      .sort((a, b) => String(a.subject).localeCompare(String(b.subject)));
  };

  beforeAll(async () => {
    db = await createTestDatabase(provider);
    smtp = await startTestSmtpServer();
  });
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  afterAll(async () => {
    await smtp.close();
    await db.drop();
  });

  it("mandatory: the owner is sent to a password reset, which locks the attacker out", async () => {
    const app = await boot("true");
    const email = victimEmail();
    expect((await signUp(app, email, ATTACKER_PASSWORD)).statusCode).toBe(201);
    expect((await signUp(app, email, OWNER_PASSWORD)).statusCode).toBe(201);
    const [verification, notice] = await mailsTo(email, 2); // "Confirm ..." sorts before "You ..."
    expect(verification!.subject).toBe("Confirm your email address");
    expect(notice!.subject).toBe("You already have an account");
    // Re-confirming would verify the account that holds the attacker's password.
    expect(notice!.text).not.toMatch(/confirmation email/i);
    const resetLink = linkIn(notice!, `${PUBLIC_URL}/jwt-allauth/password/reset/default/`);
    const token = new URL(resetLink).searchParams.get("token");
    const reset = await app.inject({ method: "POST", url: "/jwt-allauth/password/reset/confirm/", payload: { token, newPassword: OWNER_PASSWORD } });
    expect(reset.statusCode).toBe(200);

    expect((await login(app, email, ATTACKER_PASSWORD)).statusCode).toBe(401);
    const owner = await login(app, email, OWNER_PASSWORD);
    expect(owner.statusCode).toBe(200);
    expect(claimsOf(owner.json().access).email_verified).toBe(true);
  });

  it("optional: the owner's confirmation ends the attacker's session", async () => {
    const app = await boot("optional");
    const email = victimEmail();
    const attacker = await signUp(app, email, ATTACKER_PASSWORD);
    expect(attacker.statusCode).toBe(201);
    const [verification] = await mailsTo(email, 1);
    const visit = await app.inject({ method: "GET", url: pathOf(linkIn(verification!, `${PUBLIC_URL}/jwt-allauth/registration/verification/`)) });
    expect(visit.statusCode).toBe(302);

    const refresh = await app.inject({ method: "POST", url: "/jwt-allauth/refresh/", payload: { refresh: attacker.json().refresh } });
    expect(refresh.json()).toMatchObject({ statusCode: 401, code: "token_not_valid" });
    // A second click (a mail scanner's, then the owner's) ends nothing more and still succeeds.
    const again = await app.inject({ method: "GET", url: pathOf(linkIn(verification!, `${PUBLIC_URL}/jwt-allauth/registration/verification/`)) });
    expect(again.statusCode).toBe(302);
  });

  it("keeps names chosen at sign-up out of every email to an unverified address", async () => {
    const app = await boot("true");
    const email = victimEmail();
    await signUp(app, email, ATTACKER_PASSWORD);
    await signUp(app, email, OWNER_PASSWORD);
    await app.inject({ method: "POST", url: "/jwt-allauth/password/reset/", payload: { email } });
    const mails = await mailsTo(email, 3);
    expect(mails.map((mail) => mail.subject)).toEqual(["Confirm your email address", "Reset your password", "You already have an account"]);
    for (const mail of mails) {
      expect(mail.text).not.toContain("evil.test");
      expect(mail.html).not.toContain("evil.test");
      expect(mail.subject).not.toContain("evil.test");
    }
  });
});
