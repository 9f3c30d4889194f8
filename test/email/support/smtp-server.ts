// A real SMTP server inside the test process: the runtime's nodemailer transport talks to it
// over TCP exactly as it would to a provider. Tests can make it reject recipients or stall
// before accepting a message, and read each captured email parsed by mailparser.
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer, type SMTPServerOptions } from "smtp-server";

export interface CapturedMail {
  /** RCPT TO addresses of the SMTP envelope. */
  recipients: string[];
  mail: ParsedMail;
}

export interface TestSmtpServer {
  port: number;
  messages: CapturedMail[];
  /** Answer RCPT TO with a permanent 550 failure while true. */
  rejectRecipients: boolean;
  /** While set, each DATA waits for this promise before the message is accepted (a slow server). */
  stall: Promise<void> | undefined;
  /** Resolves with the first message (already captured or arriving) for `to`; rejects after `timeoutMs`. */
  waitForMail(to: string, timeoutMs?: number): Promise<CapturedMail>;
  close(): Promise<void>;
}

export interface StartOptions {
  /** Listen on this port (to bring a "down" server back); 0 picks a free one. */
  port?: number;
  /** Require these credentials (AUTH PLAIN/LOGIN over the plain connection). */
  credentials?: { user: string; password: string };
}

export async function startTestSmtpServer(options: StartOptions = {}): Promise<TestSmtpServer> {
  const waiters: Array<() => void> = [];
  const state: TestSmtpServer = {
    port: 0,
    messages: [],
    rejectRecipients: false,
    stall: undefined,
    waitForMail: (to, timeoutMs = 10_000) => waitForMail(state, waiters, to, timeoutMs),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const serverOptions: SMTPServerOptions = {
    // No certificate here: without STARTTLS nodemailer talks plain SMTP, as to a local relay.
    disabledCommands: options.credentials ? ["STARTTLS"] : ["STARTTLS", "AUTH"],
    authOptional: !options.credentials,
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      const { user, password } = options.credentials ?? {};
      if (auth.username === user && auth.password === password) return callback(null, { user });
      return callback(new Error("Invalid username or password"));
    },
    onRcptTo(_address, _session, callback) {
      if (!state.rejectRecipients) return callback();
      const error = Object.assign(new Error("Mailbox unavailable"), { responseCode: 550 });
      return callback(error);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", async () => {
        try {
          await state.stall;
          const mail = await simpleParser(Buffer.concat(chunks));
          state.messages.push({ recipients: session.envelope.rcptTo.map((r) => r.address), mail });
          for (const wake of waiters.splice(0)) wake();
          callback();
        } catch (error) {
          callback(error as Error);
        }
      });
    },
  };
  const server = new SMTPServer(serverOptions);
  // A client that vanishes mid-connection (an app instance killed with SIGKILL) is its own
  // business, not an uncaught exception in the test.
  server.on("error", () => {});
  server.listen(options.port ?? 0, "127.0.0.1");
  await once(server.server, "listening");
  state.port = (server.server.address() as AddressInfo).port;
  return state;
}

async function waitForMail(state: TestSmtpServer, waiters: Array<() => void>, to: string, timeoutMs: number): Promise<CapturedMail> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = state.messages.find((m) => m.recipients.includes(to));
    if (found) return found;
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw new Error(`no email for ${to} within ${timeoutMs} ms (got: ${state.messages.map((m) => m.recipients).join("; ")})`);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, remaining);
      waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
