// Issue 8, item 1: the address that receives the verification link is the address stored and
// marked verified. Registrations that nodemailer would read as another mailbox, invisible
// characters and other Unicode spellings of one mailbox are refused or folded; the SMTP envelope
// of the real capture server equals the stored address.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSmtpMailer } from "../../src/runtime/mail/smtp-mailer.js";
import { createTestDatabase, type TestDatabase } from "../support/databases.js";
import { PROVIDERS } from "../support/prisma-clients.js";
import { buildEmailApp, linkIn, type EmailApp } from "../email/support/email-app.js";
import { login, pathOf, PUBLIC_URL, register } from "../email/support/flows.js";
import { startTestSmtpServer, type TestSmtpServer } from "../email/support/smtp-server.js";

const SMUGGLED = [
  "attacker@evil.test,.company.test",
  "x<attacker@evil.test>.company.test",
  "attacker@evil.test;company.test",
  "attacker@evil.test(.company.test)",
  '"attacker@evil.test"@company.test',
  "attacker@evil.test\u0000@company.test",
  "<img/src=x/onerror=alert(1)>@x.io",
  "ada\u00AD@company.test", // soft hyphen: invisible, same mailbox as ada@company.test
  "ada\u200B@company.test", // zero-width space
  "ada@comp\u200Dany.test", // zero-width joiner in the domain
  "ada@[127.0.0.1]",
  "ada@127.0.0.1",
  "ada@-company.test",
  "ada..lovelace@company.test",
  "ada@company",
];

describe.each(PROVIDERS)("email identity on %s", (provider) => {
  let db: TestDatabase;
  let smtp: TestSmtpServer;
  let mandatory: EmailApp;
  let off: EmailApp;

  beforeAll(async () => {
    db = await createTestDatabase(provider);
    smtp = await startTestSmtpServer();
    mandatory = await buildEmailApp({ provider, db, smtpPort: smtp.port, env: { EMAIL_VERIFICATION: "true" } });
    off = await buildEmailApp({ provider, db, smtpPort: smtp.port, env: { EMAIL_VERIFICATION: "false" } });
  });
  afterAll(async () => {
    await mandatory?.close();
    await off?.close();
    await smtp?.close();
    await db?.drop();
  });

  it.each(SMUGGLED)("refuses %j with 400 invalid_input naming the field", async (email) => {
    const response = await register(mandatory.app, email);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: "invalid_input", message: expect.stringMatching(/^body\/email /) });
    for (const url of ["/login/", "/password/reset/", "/registration/resend-verification/"]) {
      const other = await mandatory.app.inject({ method: "POST", url: `/jwt-allauth${url}`, payload: { email, password: "x" } });
      expect(other.json()).toMatchObject({ statusCode: 400, code: "invalid_input" });
    }
  });

  it("mails the link to exactly the stored address, which /user/ shows once verified", async () => {
    const response = await register(mandatory.app, ` Ada.Lovelace+News@XN--BCHER-KVA.Example `);
    expect(response.statusCode).toBe(201);
    // The capture server reports the envelope domain in Unicode; on the wire it is the A-label.
    const stored = "ada.lovelace+news@b\u00FCcher.example";
    const { recipients, mail } = await smtp.waitForMail(stored);
    expect(recipients).toEqual([stored]);
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.value.map((to) => to.address) : []).toEqual([stored]);
    await mandatory.app.inject({ method: "GET", url: pathOf(linkIn(mail, `${PUBLIC_URL}/jwt-allauth/registration/verification/`)) });
    const access = (await login(mandatory.app, "ada.lovelace+news@bu\u0308cher.example")).json().access as string;
    const user = await mandatory.app.inject({ method: "GET", url: "/jwt-allauth/user/", headers: { authorization: `Bearer ${access}` } });
    expect(user.json()).toMatchObject({ email: stored, emailVerified: true });
    // Closing drains the outbox: every email of this file has gone out, and none to another mailbox.
    await mandatory.app.close();
    expect(smtp.messages.flatMap((message) => message.recipients)).toEqual([stored]);
  });

  it("folds NFC, NFD and punycode spellings of one domain into one account", async () => {
    const nfc = "grace@m\u00FCller.example";
    const nfd = "grace@mu\u0308ller.example";
    expect((await register(off.app, nfc)).statusCode).toBe(201);
    expect((await register(off.app, nfd)).json()).toMatchObject({ statusCode: 400, code: "email_taken" });
    expect((await register(off.app, "GRACE@xn--mller-kva.example")).json()).toMatchObject({ statusCode: 400, code: "email_taken" });
    expect((await login(off.app, nfd)).statusCode).toBe(200);
  });
});

describe("SMTP mailer recipient", () => {
  it("hands nodemailer the address as one mailbox, never a list to parse", async () => {
    const smtp = await startTestSmtpServer();
    try {
      const mailer = createSmtpMailer({ host: "127.0.0.1", port: smtp.port, useTls: false, from: "a@acme.test" });
      // Were it parsed as a header, this would go to two mailboxes; as one address it is refused whole.
      await mailer.send({ to: "ada@company.test, eve@evil.test", subject: "s", html: "<p>h</p>", text: "t" }).catch(() => undefined);
      mailer.close();
      expect(smtp.messages.flatMap((message) => message.recipients)).not.toContain("eve@evil.test");
    } finally {
      await smtp.close();
    }
  });
});
