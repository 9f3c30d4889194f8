// How the plugin boots its email side: JWT_ALLAUTH_TEMPLATES overrides reach the real emails,
// a broken override stops the boot naming the file, and without EMAIL_HOST the console backend
// writes each email, with its link, to the log.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import Fastify from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jwtAllauth } from "../../src/runtime/plugin.js";
import { loadSettings } from "../../src/runtime/settings.js";
import type { PrismaClientLike } from "../../src/runtime/store/index.js";
import { createTestDatabase, type TestDatabase } from "../support/databases.js";
import { freePort } from "../e2e/support/project.js";
import { buildEmailApp, linkIn } from "./support/email-app.js";
import { PUBLIC_URL, register } from "./support/flows.js";
import { startTestSmtpServer, type TestSmtpServer } from "./support/smtp-server.js";

describe("email side of the plugin boot (SQLite)", () => {
  let db: TestDatabase;
  let smtp: TestSmtpServer;
  let dir: string;

  beforeAll(async () => {
    db = await createTestDatabase("sqlite");
    smtp = await startTestSmtpServer();
    dir = await mkdtemp(path.join(os.tmpdir(), "jwt-allauth-overrides-"));
  });
  afterAll(async () => {
    await smtp.close();
    await db.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it("sends the project's override templates", async () => {
    await writeFile(path.join(dir, "verify-subject.txt.ejs"), "Welcome to Acme, <%= email %>!");
    await writeFile(path.join(dir, "verify.html.ejs"), '<h1>Acme</h1><a href="<%= link %>">Verify</a> within <%= expiresIn %>');
    await writeFile(path.join(dir, "verify.txt.ejs"), "Acme: verify at <%= link %> within <%= expiresIn %>");
    const templates = JSON.stringify({
      EMAIL_VERIFICATION_SUBJECT: path.join(dir, "verify-subject.txt.ejs"),
      EMAIL_VERIFICATION: path.join(dir, "verify.html.ejs"),
    });
    const app = await buildEmailApp({ provider: "sqlite", db, smtpPort: smtp.port, env: { EMAIL_VERIFICATION: "true", JWT_ALLAUTH_TEMPLATES: templates } });
    await register(app.app, "override@example.com");
    const { mail } = await smtp.waitForMail("override@example.com");
    await app.close();
    expect(mail.subject).toBe("Welcome to Acme, override@example.com!");
    expect(mail.html).toContain("<h1>Acme</h1>");
    expect(mail.text).toMatch(/^Acme: verify at https:\/\/auth\.acme\.test\/\S+ within 3 days/);
    linkIn(mail, `${PUBLIC_URL}/jwt-allauth/registration/verification/`);
  });

  it("refuses to boot with a broken override, naming the setting and the file", async () => {
    const broken = path.join(dir, "broken.html.ejs");
    await writeFile(broken, "<p><%= link %></p><% if (true) { %>");
    await writeFile(path.join(dir, "broken.txt.ejs"), "<%= link %>");
    const boot = buildEmailApp({ provider: "sqlite", db, smtpPort: smtp.port, env: { JWT_ALLAUTH_TEMPLATES: JSON.stringify({ PASS_RESET_EMAIL: broken }) } });
    await expect(boot).rejects.toThrow(`JWT_ALLAUTH_TEMPLATES.PASS_RESET_EMAIL: ${broken}`);
  });

  it("refuses to boot when an override is missing", async () => {
    const env = { JWT_ALLAUTH_TEMPLATES: JSON.stringify({ ACCOUNT_EXISTS_SUBJECT: "templates/email/nope.txt.ejs" }) };
    await expect(buildEmailApp({ provider: "sqlite", db, smtpPort: smtp.port, env })).rejects.toThrow(
      /^JWT_ALLAUTH_TEMPLATES\.ACCOUNT_EXISTS_SUBJECT: .*templates\/email\/nope\.txt\.ejs: cannot read the template/,
    );
  });

  it("prints emails readably to the terminal when EMAIL_HOST is empty (development), and logs them without the link", async () => {
    const printed: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
      printed.push(String(chunk));
      return write(chunk, ...rest);
    }) as typeof process.stdout.write;
    try {
      const app = await buildEmailApp({ provider: "sqlite", db, env: { EMAIL_VERIFICATION: "true" } });
      await register(app.app, "console@example.com");
      const line = await app.waitForLog((entry) => entry.msg === "email printed to the console (console backend, not sent)");
      await app.close();
      expect(line.email).toEqual({ to: "console@example.com", subject: "Confirm your email address" });
      expect(JSON.stringify(line)).not.toContain("/verification/");
    } finally {
      process.stdout.write = write;
    }
    const block = printed.find((chunk) => chunk.includes("console backend: printed, not sent"))!;
    // Real line breaks and the link alone on its line: readable, and clickable in a terminal.
    expect(block).toContain("To: console@example.com\nSubject: Confirm your email address\n");
    expect(block).toMatch(/^https:\/\/auth\.acme\.test\/jwt-allauth\/registration\/verification\/[A-Za-z0-9_-]{43}\/$/m);
    expect(smtp.messages.map((m) => m.recipients).flat()).not.toContain("console@example.com");
  });

  it("warns at boot in development, naming EMAIL_HOST and EMAIL_PORT, when no SMTP server answers there", async () => {
    const closed = await freePort();
    const app = await buildEmailApp({ provider: "sqlite", db, smtpPort: closed, env: { NODE_ENV: "development" } });
    const warning = await app.waitForLog((entry) => entry.level === 40 && entry.msg.includes("EMAIL_HOST"));
    expect(warning.msg).toContain(`EMAIL_HOST=127.0.0.1 EMAIL_PORT=${closed}: no SMTP server answers there (ECONNREFUSED)`);
    expect(warning.msg).toContain("remove EMAIL_HOST from .env to print emails in this terminal");
    await app.close();
    // A server that answers gets no warning.
    const fine = await buildEmailApp({ provider: "sqlite", db, smtpPort: smtp.port, env: { NODE_ENV: "development" } });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await fine.close();
    expect(fine.logs.filter((entry) => entry.msg.includes("EMAIL_HOST"))).toEqual([]);
  });

  it("is refused in production, where it would swallow every email", () => {
    expect(() => loadSettings({ NODE_ENV: "production", PUBLIC_URL: "https://auth.acme.test", JWT_ALGORITHM: "HS256", JWT_SECRET: "HS256 test secret, not for production: 9f2Kq7LmZx4Wb8Tn" })).toThrow(/^EMAIL_HOST /);
  });

  it("logs in to SMTP with EMAIL_HOST_USER and EMAIL_HOST_PASSWORD", async () => {
    const guarded = await startTestSmtpServer({ credentials: { user: "acme", password: "smtp-secret" } });
    const app = await buildEmailApp({
      provider: "sqlite",
      db,
      smtpPort: guarded.port,
      env: { EMAIL_VERIFICATION: "true", EMAIL_HOST_USER: "acme", EMAIL_HOST_PASSWORD: "smtp-secret" },
    });
    await register(app.app, "auth@example.com");
    const { mail } = await guarded.waitForMail("auth@example.com");
    await app.close();
    await guarded.close();
    expect(mail.subject).toBe("Confirm your email address");
  });

  it("sends through the app's own mailer when one is passed to the plugin", async () => {
    const sent: Array<{ to: string; subject: string; html: string; text: string }> = [];
    const app = Fastify();
    const settings = loadSettings({ JWT_ALGORITHM: "HS256", JWT_SECRET: "HS256 test secret, not for production: 9f2Kq7LmZx4Wb8Tn", EMAIL_VERIFICATION: "true" });
    await app.register(jwtAllauth, { prisma: db.prisma as unknown as PrismaClientLike, settings, mailer: { send: async (message) => void sent.push(message) } });
    await register(app, "own-mailer@example.com");
    await app.close();
    expect(sent.map((message) => [message.to, message.subject])).toEqual([["own-mailer@example.com", "Confirm your email address"]]);
    expect(sent[0]!.text).toContain("http://localhost:3000/jwt-allauth/registration/verification/");
  });
});
