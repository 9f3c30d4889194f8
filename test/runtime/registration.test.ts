// POST /registration/ in the three EMAIL_VERIFICATION modes, the password policy and email
// normalisation.
import { describe, expect, it } from "vitest";
import { PROVIDERS } from "../support/prisma-clients.js";
import { bearer, buildApp, login, PASSWORD, RecordingMailer, register, uniqueEmail, useApp } from "./support/app.js";

describe.each(PROVIDERS)("registration on %s", (provider) => {
  const mailer = new RecordingMailer();
  const context = useApp(provider, {}, mailer);

  it("creates the account and logs it in when verification is off", async () => {
    const email = uniqueEmail();
    const response = await context.app.inject({
      method: "POST",
      url: "/jwt-allauth/registration/",
      payload: { email, password: PASSWORD, firstName: "Ada", lastName: "Lovelace" },
    });
    expect(response.statusCode).toBe(201);
    expect(response.headers["cache-control"]).toBe("no-store");
    const body = response.json();
    expect(Object.keys(body).sort()).toEqual(["access", "refresh", "user"]);
    expect(body.user).toEqual({ id: expect.any(String), email, firstName: "Ada", lastName: "Lovelace", emailVerified: false });
    expect((await context.app.inject({ method: "GET", url: "/hello", headers: bearer(body.access) })).statusCode).toBe(200);
    const stored = await context.database.prisma.user.findUniqueOrThrow({ where: { email } });
    expect(stored.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(mailer.sent).toHaveLength(0);
  });

  it("stores the email trimmed and lower-cased, and refuses the same address in another case", async () => {
    const email = uniqueEmail();
    const first = await register(context.app, `  ${email.toUpperCase()} `);
    expect(first.json().user.email).toBe(email);
    const again = await register(context.app, email.replace("user", "USER"));
    expect(again.statusCode).toBe(400);
    expect(again.json()).toMatchObject({ code: "email_taken", message: expect.stringContaining("email") });
    expect((await login(context.app, ` ${email.toUpperCase()}`)).statusCode).toBe(200);
  });

  it("lets exactly one of two concurrent registrations of one email win", async () => {
    const email = uniqueEmail();
    const responses = await Promise.all([register(context.app, email), register(context.app, email)]);
    expect(responses.map((response) => response.statusCode).sort()).toEqual([201, 400]);
    expect(await context.database.prisma.user.count({ where: { email } })).toBe(1);
  });

  it.each([
    ["too short", "short12", "password_too_short"],
    ["too long", "x".repeat(129), "password_too_long"],
    ["common", "password123", "password_too_common"],
    ["common in another case", "PassWord123", "password_too_common"],
  ])("refuses a %s password with a code naming the field", async (_name, password, code) => {
    const response = await register(context.app, uniqueEmail(), password);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code, message: expect.stringMatching(/^password/) });
  });

  it("accepts long passphrases (64 and 128 characters) with no composition rules", async () => {
    expect((await register(context.app, uniqueEmail(), "a".repeat(40) + " lowercase only passphrase")).statusCode).toBe(201);
    expect((await register(context.app, uniqueEmail(), "é".repeat(128))).statusCode).toBe(201);
  });

  it("refuses an invalid email, naming the field", async () => {
    for (const email of ["not-an-email", "a@b", "two@@example.com", "sp ace@example.com"]) {
      const response = await register(context.app, email);
      expect(response.statusCode, email).toBe(400);
      expect(response.json().message, email).toMatch(/email/);
    }
  });

  describe("with EMAIL_VERIFICATION=true (mandatory)", () => {
    it("answers 201 {detail} without tokens, the same for a taken email, and mails the owner either way", async () => {
      const mandatoryMailer = new RecordingMailer();
      const app = await buildApp(context.database, { EMAIL_VERIFICATION: "true" }, mandatoryMailer);
      try {
        const email = uniqueEmail();
        const fresh = await register(app, email);
        const taken = await register(app, email, "another fine passphrase");
        expect(fresh.statusCode).toBe(201);
        expect(taken.statusCode).toBe(201);
        expect(fresh.json()).toEqual({ detail: expect.any(String) });
        expect(taken.body).toBe(fresh.body);
        const sent = await mandatoryMailer.waitFor(2);
        expect(sent.map((message) => message.to)).toEqual([email, email]);
        expect(sent[0]!.text).not.toBe(sent[1]!.text);
        // Unverified: login is refused with a clear code (after the password check).
        const refused = await login(app, email);
        expect(refused.statusCode).toBe(403);
        expect(refused.json().code).toBe("email_not_verified");
        expect((await login(app, email, "wrong password!")).json().code).toBe("invalid_credentials");
        await context.database.prisma.user.update({ where: { email }, data: { emailVerified: true } });
        const allowed = await login(app, email);
        expect(allowed.statusCode).toBe(200);
        expect(allowed.json().user.emailVerified).toBe(true);
      } finally {
        await app.close();
      }
    });
  });

  describe("with EMAIL_VERIFICATION=optional", () => {
    it("logs the user in at once and mails a verification link", async () => {
      const optionalMailer = new RecordingMailer();
      const app = await buildApp(context.database, { EMAIL_VERIFICATION: "optional" }, optionalMailer);
      try {
        const email = uniqueEmail();
        const response = await register(app, email);
        expect(response.statusCode).toBe(201);
        expect(response.json().access).toEqual(expect.any(String));
        const sent = await optionalMailer.waitFor(1);
        expect(sent).toHaveLength(1);
        expect(sent[0]!.to).toBe(email);
        expect(sent[0]!.text).toContain("/jwt-allauth/registration/verification/");
        expect((await login(app, email)).statusCode).toBe(200);
      } finally {
        await app.close();
      }
    });
  });
});
