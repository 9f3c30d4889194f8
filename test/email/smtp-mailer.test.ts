// The SMTP backend against a real SMTP server over TCP: what arrives, authentication, and
// failures that reject (so the caller can log them) instead of hanging.
import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createSmtpMailer, SMTP_TIMEOUTS } from "../../src/runtime/mail/smtp-mailer.js";
import { startTestSmtpServer, type TestSmtpServer } from "./support/smtp-server.js";

const message = { to: "ada@example.com", subject: "Hello Ada", html: "<p>Hi <b>Ada</b></p>", text: "Hi Ada" };

describe("SMTP mailer", () => {
  let smtp: TestSmtpServer | undefined;
  afterEach(async () => smtp?.close());

  it("delivers a multipart email with both parts, the sender and the recipient", async () => {
    smtp = await startTestSmtpServer();
    const mailer = createSmtpMailer({ host: "127.0.0.1", port: smtp.port, useTls: false, from: "Acme <no-reply@acme.test>" });
    await mailer.send(message);
    mailer.close();
    const { recipients, mail } = await smtp.waitForMail("ada@example.com");
    expect(recipients).toEqual(["ada@example.com"]);
    expect(mail.from?.text).toBe('"Acme" <no-reply@acme.test>');
    expect(mail.subject).toBe("Hello Ada");
    expect(mail.html).toBe("<p>Hi <b>Ada</b></p>");
    expect(mail.text?.trim()).toBe("Hi Ada");
  });

  it("authenticates with EMAIL_HOST_USER and EMAIL_HOST_PASSWORD", async () => {
    smtp = await startTestSmtpServer({ credentials: { user: "mailer", password: "s3cret" } });
    const wrong = createSmtpMailer({ host: "127.0.0.1", port: smtp.port, useTls: false, from: "a@acme.test", user: "mailer", password: "nope" });
    await expect(wrong.send(message)).rejects.toThrow(/Invalid username or password/);
    const right = createSmtpMailer({ host: "127.0.0.1", port: smtp.port, useTls: false, from: "a@acme.test", user: "mailer", password: "s3cret" });
    await right.send(message);
    expect(smtp.messages).toHaveLength(1);
  });

  it("rejects when the server refuses the recipient", async () => {
    smtp = await startTestSmtpServer();
    smtp.rejectRecipients = true;
    const mailer = createSmtpMailer({ host: "127.0.0.1", port: smtp.port, useTls: false, from: "a@acme.test" });
    await expect(mailer.send(message)).rejects.toThrow(/550/);
    expect(smtp.messages).toHaveLength(0);
  });

  it("rejects when nothing listens on the port", async () => {
    const port = await closedPort();
    const mailer = createSmtpMailer({ host: "127.0.0.1", port, useTls: false, from: "a@acme.test" });
    await expect(mailer.send(message)).rejects.toThrow(/ECONNREFUSED/);
  });

  it("bounds connecting, the greeting and an idle socket far below nodemailer's minutes", () => {
    expect(SMTP_TIMEOUTS).toEqual({ connection: 10_000, greeting: 10_000, socket: 30_000 });
  });

  // A short greeting bound keeps this test quick and immune to a loaded machine; the default is asserted above.
  it("gives up on a server that accepts the connection but never greets", async () => {
    const sockets: net.Socket[] = [];
    const silent = net.createServer((socket) => sockets.push(socket)).listen(0, "127.0.0.1");
    await new Promise((resolve) => silent.once("listening", resolve));
    const { port } = silent.address() as net.AddressInfo;
    try {
      const mailer = createSmtpMailer({ host: "127.0.0.1", port, useTls: false, from: "a@acme.test", timeouts: { greeting: 300 } });
      await expect(mailer.send(message)).rejects.toThrow(/Greeting never received/);
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });

  it("refuses to send in clear when EMAIL_USE_TLS is set and the server offers no STARTTLS", async () => {
    smtp = await startTestSmtpServer();
    const mailer = createSmtpMailer({ host: "127.0.0.1", port: smtp.port, useTls: true, from: "a@acme.test" });
    await expect(mailer.send(message)).rejects.toThrow(/STARTTLS/);
    expect(smtp.messages).toHaveLength(0);
  });
});

async function closedPort(): Promise<number> {
  const server = net.createServer().listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
