// A real app for the email tests: Fastify with the jwt-allauth plugin on a fresh SQLite or
// PostgreSQL database, sending through nodemailer to the test SMTP server, with its log captured.
import { randomBytes } from "node:crypto";
import net from "node:net";
import Fastify, { type FastifyInstance } from "fastify";
import { jwtAllauth } from "../../../src/runtime/plugin.js";
import { loadSettings, type Env } from "../../../src/runtime/settings.js";
import type { PrismaClientLike } from "../../../src/runtime/store/index.js";
import { createTestDatabase, type TestDatabase } from "../../support/databases.js";
import type { Provider } from "../../support/prisma-clients.js";

export interface LogLine {
  level: number;
  msg: string;
  err?: { message: string };
  [key: string]: unknown;
}

export interface EmailApp {
  app: FastifyInstance;
  db: TestDatabase;
  logs: LogLine[];
  /** Resolves with the first log line matching `test`; rejects after `timeoutMs`. */
  waitForLog(test: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
  close(): Promise<void>;
}

export interface EmailAppOptions {
  provider: Provider;
  /** Port of the SMTP server (EMAIL_PORT); leave out for the console backend. */
  smtpPort?: number;
  env?: Env;
  /** Reuse a database across apps (e.g. to boot again with other settings). */
  db?: TestDatabase;
  /** Listen on this port (for the browser); by default the app is only injected into. */
  listenPort?: number;
}

export const FROM = "Acme Accounts <accounts@acme.test>";

export async function buildEmailApp(options: EmailAppOptions): Promise<EmailApp> {
  const db = options.db ?? (await createTestDatabase(options.provider));
  const logs: LogLine[] = [];
  const app = Fastify({
    logger: { level: "info", stream: { write: (line: string) => void logs.push(JSON.parse(line) as LogLine) } },
  });
  const settings = loadSettings({
    NODE_ENV: "test",
    JWT_ALGORITHM: "HS256",
    JWT_SECRET: randomBytes(32).toString("base64url"),
    PUBLIC_URL: "https://auth.acme.test",
    DEFAULT_FROM_EMAIL: FROM,
    RATE_LIMIT: "false",
    ...(options.smtpPort ? { EMAIL_HOST: "127.0.0.1", EMAIL_PORT: String(options.smtpPort) } : {}),
    ...options.env,
  });
  await app.register(jwtAllauth, { prisma: db.prisma as unknown as PrismaClientLike, settings });
  if (options.listenPort !== undefined) await app.listen({ port: options.listenPort, host: "127.0.0.1" });
  else await app.ready();
  return {
    app,
    db,
    logs,
    waitForLog: (test, timeoutMs = 10_000) => waitFor(() => logs.find(test), timeoutMs, "log line"),
    async close() {
      await app.close();
      if (!options.db) await db.drop();
    },
  };
}

/** Polls `find` until it returns something (for effects that happen after the HTTP answer). */
export async function waitFor<T>(find: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`no ${what} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A TCP port nothing listens on (an SMTP server that is down), free to listen on later. */
export async function freePort(): Promise<number> {
  const server = net.createServer().listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The one link in an email's text part that starts with `prefix`; also checks the HTML carries it. */
export function linkIn(mail: { text?: string; html?: string | false }, prefix: string): string {
  const links = (mail.text ?? "").match(/https?:\/\/\S+/g) ?? [];
  const link = links.find((candidate) => candidate.startsWith(prefix));
  if (!link) throw new Error(`no link starting with ${prefix} in: ${mail.text}`);
  if (!String(mail.html).includes(`href="${link.replaceAll("&", "&amp;")}"`)) throw new Error(`the HTML part lacks ${link}`);
  return link;
}
